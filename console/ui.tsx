// Small pieces every page uses: badges, an error box, a labelled select, the page's heading.
import type { ComponentChildren } from 'preact';
import { describeError } from './data.js';

export function Badge(props: { tone: 'ok' | 'warn' | 'bad' | 'muted'; children: ComponentChildren; title?: string }) {
  return (
    <span class={`badge badge-${props.tone}`} title={props.title}>
      {props.children}
    </span>
  );
}

export function ErrorBox(props: { error: unknown; title?: string }) {
  if (!props.error) return null;
  return (
    <div class="error-box" role="alert">
      {props.title ? <strong>{props.title}: </strong> : null}
      {describeError(props.error)}
    </div>
  );
}

export function PageTitle(props: { children: ComponentChildren; actions?: ComponentChildren }) {
  return (
    <div class="page-title">
      <h1>{props.children}</h1>
      {props.actions ? <div class="actions">{props.actions}</div> : null}
    </div>
  );
}

export interface Choice {
  value: string;
  label: string;
}

/** A select with its label; "" is the "any" choice. */
export function Select(props: { label: string; value: string; choices: Choice[]; onChange(value: string): void; anyLabel?: string }) {
  return (
    <label class="field">
      <span>{props.label}</span>
      <select value={props.value} onChange={(event) => props.onChange((event.currentTarget as HTMLSelectElement).value)}>
        {props.anyLabel !== undefined ? <option value="">{props.anyLabel}</option> : null}
        {props.choices.map((choice) => (
          <option key={choice.value} value={choice.value}>
            {choice.label}
          </option>
        ))}
      </select>
    </label>
  );
}

export const VENDOR_LABELS: Record<string, string> = {
  CPANEL: 'cPanel & WHM',
  AKAMAI: 'Akamai',
  TWOSMS: '2sms',
  HUAWEI: 'Huawei Cloud',
  SLASHID: 'SlashID',
};

export function vendorLabel(vendor: string | null | undefined): string {
  return vendor ? (VENDOR_LABELS[vendor] ?? vendor) : '';
}

/** "3 min ago", "2 h ago", or the date. */
export function ago(iso: string | null | undefined, now = Date.now()): string {
  if (!iso) return 'never';
  const seconds = Math.round((now - Date.parse(iso)) / 1000);
  if (seconds < 60) return `${Math.max(seconds, 0)} s ago`;
  if (seconds < 3600) return `${Math.round(seconds / 60)} min ago`;
  if (seconds < 86_400) return `${Math.round(seconds / 3600)} h ago`;
  return new Date(iso).toISOString().slice(0, 10);
}

/** A table that may scroll sideways: focusable, so a keyboard can scroll it (WCAG 2.1.1, axe scrollable-region-focusable). */
export function TableScroll(props: { label: string; children: ComponentChildren }) {
  return (
    // biome-ignore lint/a11y/noNoninteractiveTabindex: a scrolling region must be reachable by keyboard
    <section class="table-scroll" tabIndex={0} aria-label={props.label}>
      {props.children}
    </section>
  );
}
