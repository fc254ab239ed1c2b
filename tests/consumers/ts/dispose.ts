// `using` (TypeScript 5.2, lib esnext.disposable): the client is freed at the end of the scope.
import { HostupClient } from 'hostup-backups';

export function scoped(): string {
  using client = new HostupClient();
  return typeof client.listVps;
}
