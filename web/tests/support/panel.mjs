// Page objects of the demo pages: everything is found by role and accessible name, as a user (or a screen reader)
// finds it; no CSS classes.

/** The Leptos demo page and its <BackupPanel/>. */
export class PanelPage {
  constructor(page, sim) {
    this.page = page;
    this.sim = sim;
  }

  /** Opens the demo; `fragment` adds e.g. `vps=…&utc=1`. Waits for both lists. */
  async open({ key = this.sim.key, fragment = '', wait = true } = {}) {
    const parts = [key ? `key=${encodeURIComponent(key)}` : '', fragment].filter(Boolean).join('&');
    await this.page.goto(`${this.sim.url}/${parts ? `#${parts}` : ''}`);
    if (wait) {
      await this.backups.list.waitFor();
      await this.snapshots.list.waitFor();
    }
  }

  get panel() {
    return this.page.getByRole('region', { name: 'Backups & snapshots' });
  }

  get picker() {
    return this.panel.getByLabel('VPS', { exact: true });
  }

  get refresh() {
    return this.panel.getByRole('button', { name: 'Refresh' });
  }

  get backups() {
    return new BackupsSection(this.page);
  }

  get snapshots() {
    return new SnapshotsSection(this.page);
  }

  get jobs() {
    return new JobsSection(this.page);
  }

  get schedules() {
    return new SchedulesSection(this.page);
  }

  get dialog() {
    return new RestoreDialog(this.page);
  }

  /** The polite live regions (the notice and the announcer). */
  status(text) {
    return this.panel.getByRole('status').filter({ hasText: text });
  }

  /** Waits (up to 2 s: focus moves after the DOM updates) until the focused element has `name`; returns the name. */
  async focusSettlesOn(name) {
    let seen;
    for (let i = 0; i < 40; i++) {
      seen = await this.focusedName();
      if (seen === name) break;
      await this.page.waitForTimeout(50);
    }
    return seen;
  }

  /** The accessible name of the focused element, or its text. */
  async focusedName() {
    return this.page.evaluate(() => {
      const el = document.activeElement;
      if (!el || el === document.body) return '(body)';
      return el.getAttribute('aria-label') || el.textContent.trim();
    });
  }
}

class Section {
  constructor(page, name) {
    this.page = page;
    this.region = page.getByRole('region', { name, exact: true });
  }

  get heading() {
    return this.region.getByRole('heading').first();
  }

  button(name) {
    return this.region.getByRole('button', { name, exact: true });
  }

  item(text) {
    return this.region.getByRole('listitem').filter({ hasText: text });
  }
}

class BackupsSection extends Section {
  constructor(page) {
    super(page, 'Backups');
    this.list = this.region.getByRole('list', { name: 'Backups, newest first' });
    this.note = this.region.getByLabel('Note');
    this.create = this.button('Create backup');
  }

  /** The accessible names of the per-row restore buttons, in list order. */
  async restoreNames() {
    return this.list.getByRole('button', { name: /^Restore backup / }).evaluateAll((els) => els.map((e) => e.getAttribute('aria-label')));
  }
}

class SnapshotsSection extends Section {
  constructor(page) {
    super(page, 'Snapshots');
    this.list = this.region.getByRole('list', { name: 'Snapshots, newest first' });
    this.name = this.region.getByLabel('Snapshot name');
    this.description = this.region.getByLabel('Description');
    this.create = this.button('Create snapshot');
  }

  restore(name) {
    return this.button(`Restore snapshot ${name}`);
  }

  delete(name) {
    return this.button(`Delete snapshot ${name}`);
  }
}

class JobsSection extends Section {
  constructor(page) {
    super(page, 'Jobs');
    this.list = this.region.getByRole('list', { name: 'Job history' });
  }

  /** A job row by its title, optionally once it shows `status`. */
  job(title, status) {
    const row = this.list.getByRole('listitem').filter({ hasText: title });
    return status ? row.filter({ has: this.page.getByText(status, { exact: true }) }) : row;
  }
}

class SchedulesSection extends Section {
  constructor(page) {
    super(page, 'Backup schedules');
    this.list = this.region.getByRole('list', { name: 'Backup schedules' });
    this.add = this.button('Add schedule');
    this.form = this.region.getByRole('form');
  }

  field(label) {
    return this.form.getByLabel(label, { exact: true });
  }

  get save() {
    return this.form.getByRole('button', { name: 'Save schedule' });
  }
}

class RestoreDialog {
  constructor(page) {
    this.root = page.getByRole('dialog');
    this.input = this.root.getByRole('textbox');
  }

  confirmButton(name) {
    return this.root.getByRole('button', { name });
  }

  get cancel() {
    return this.root.getByRole('button', { name: 'Cancel' });
  }
}

/** The plain-JS demo page. */
export class JsDemoPage {
  constructor(page, sim) {
    this.page = page;
    this.sim = sim;
    this.backups = page.getByRole('region', { name: 'Backups' }).getByRole('listitem');
    this.snapshots = page.getByRole('region', { name: 'Create a snapshot' }).getByRole('listitem');
    this.jobs = page.getByRole('region', { name: 'Jobs' }).getByRole('listitem');
    this.name = page.getByLabel('Snapshot name');
    this.create = page.getByRole('button', { name: 'Create snapshot' });
  }

  async open() {
    await this.page.goto(`${this.sim.url}/js/#key=${this.sim.key}`);
    await this.backups.first().waitFor({ timeout: 15_000 });
  }
}
