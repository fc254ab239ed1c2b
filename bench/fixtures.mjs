// Inputs shared by the benchmarks.

/** A list-backups body (seeds/003 shape) with `n` backups, a third of them manual with a note. */
export function backupListText(n) {
  const day = 86_400_000;
  const t0 = Date.UTC(2026, 3, 27, 2);
  const backups = [];
  for (let i = 0; i < n; i++) {
    const createdAt = new Date(t0 - i * day).toISOString();
    const storageKey = `vzdump-qemu-${101 + i}.vma.zst`;
    const manual = i % 3 === 0;
    backups.push({
      id: `bkp_01hxa3b4c5d6e7f8g9h${String(i).padStart(7, '0')}`,
      displayId: `${createdAt} (${storageKey})`,
      storageKey,
      createdAt,
      sizeGb: Math.round((2 + ((i * 37) % 600) / 10) * 10) / 10,
      backupType: manual ? 'manual' : 'scheduled',
      note: manual ? 'Before upgrade' : null,
    });
  }
  return JSON.stringify({
    backups,
    quotaInfo: { used: n, limit: 7, remaining: Math.max(0, 7 - n) },
    actions: {
      canCreateBackup: n >= 7 ? { allowed: false, reason: 'The backup quota is full.', code: 'quota_exceeded' } : { allowed: true, reason: null },
      canRestore: { allowed: true, reason: null },
    },
  });
}

