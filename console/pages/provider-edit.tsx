// Editing a provider through its vendor's own mutation: a few fields per vendor, "Preview" runs the mutation as a dry
// run and shows the plan (the field changes and the exact vendor requests), "Apply" runs it for real against the
// version the page was read at. A field the gateway refuses shows its reason beside it.
import { useState } from 'preact/hooks';
import { type FieldChangeView, ChangeList, type VendorRequestView, VendorRequests } from '../changes.js';
import { useSession } from '../data.js';
import { SetCpanelDisplay, UpdateAkamai, UpdateHuawei, UpdateSlashId, UpdateTwoSms } from '../documents/provider.js';
import type { TadaPersistedDocumentNode } from 'gql.tada';
import type { GatewayClient } from '../graphql-client.js';
import { ErrorBox } from '../ui.js';

type Values = Record<string, string | boolean>;

interface EditField {
  /** The mutation input's field. */
  name: string;
  label: string;
  kind: 'text' | 'checkbox';
}

/** What any change answered: its plan, or why it was refused. */
export interface ChangeOutcome {
  typename: string;
  dryRun?: boolean | null;
  changes?: FieldChangeView[] | null;
  vendorRequests?: VendorRequestView[] | null;
  fieldErrors?: Array<{ path: string[] | null; message: string | null }> | null;
  message?: string | null;
  secretsToResupply?: string[] | null;
}

/** A change's result union as one shape (payloads have `changes`, errors a `message`). */
export function outcomeOf(result: { __typename: string } & Record<string, unknown>): ChangeOutcome {
  return { typename: result.__typename, ...(result as Omit<ChangeOutcome, 'typename'>) };
}

export function isRefusal(outcome: ChangeOutcome): boolean {
  return outcome.typename.endsWith('Error');
}

// biome-ignore lint/suspicious/noExplicitAny: each vendor's provider type, read by the field names below
type Provider = Record<string, any> & { id: string; vendor: string | null; version: string | null };

interface VendorEditor {
  fields: EditField[];
  send(client: GatewayClient, input: Record<string, unknown>): Promise<ChangeOutcome>;
}

/** Sends `input` (with `fixed` added) through a vendor's mutation and reads its result field as a ChangeOutcome. */
function through(
  // biome-ignore lint/suspicious/noExplicitAny: each vendor's mutation document, its input built from the form's fields
  document: TadaPersistedDocumentNode<any, { input: any }>,
  field: string,
  fixed: Record<string, unknown> = {},
): VendorEditor['send'] {
  return async (client, input) => outcomeOf((await client.execute(document, { input: { ...input, ...fixed } }))[field]);
}

const EDITORS: Record<string, VendorEditor> = {
  AKAMAI: {
    fields: [
      { name: 'title', label: 'Title (display name)', kind: 'text' },
      { name: 'clientId', label: 'Client id', kind: 'text' },
    ],
    send: through(UpdateAkamai, 'updateAkamaiCustomProvider'),
  },
  TWOSMS: {
    fields: [
      { name: 'name', label: 'Name', kind: 'text' },
      { name: 'logoutUrl', label: 'Logout URL', kind: 'text' },
    ],
    send: through(UpdateTwoSms, 'updateTwoSmsIdentityProvider'),
  },
  HUAWEI: {
    fields: [
      { name: 'description', label: 'Description', kind: 'text' },
      { name: 'enabled', label: 'Enabled', kind: 'checkbox' },
    ],
    send: through(UpdateHuawei, 'updateHuaweiIdentityProvider'),
  },
  SLASHID: {
    fields: [
      { name: 'label', label: 'Label (display name)', kind: 'text' },
      { name: 'enableInSlashidOidcAuthzServer', label: "Enabled in SlashID's OIDC server", kind: 'checkbox' },
    ],
    send: through(UpdateSlashId, 'updateSlashIdOidcCredential'),
  },
  CPANEL: {
    fields: [{ name: 'displayName', label: 'Display name (cPanel login page)', kind: 'text' }],
    // The display of the cPanel login page (service cpaneld); the other services' displays are changed through the API.
    send: through(SetCpanelDisplay, 'setCpanelDisplayConfiguration', { service: 'CPANELD' }),
  },
};

/** The provider's current value of an editable field. */
function currentValue(provider: Provider, field: EditField): string | boolean {
  if (provider.vendor === 'CPANEL' && field.name === 'displayName') {
    const display = (provider.display as Array<{ service: string; displayName: string | null }> | null) ?? [];
    return display.find((entry) => entry.service === 'CPANELD')?.displayName ?? provider.displayName ?? '';
  }
  const value = provider[field.name];
  return field.kind === 'checkbox' ? Boolean(value) : ((value as string | null) ?? '');
}

/** The form; `onApplied` hears of a change that went through (the page then reads the provider again, and this form
 * starts over from its new version: the page, not the form, keeps telling what was applied). */
export function EditProvider(props: { provider: Provider; onApplied(outcome: ChangeOutcome): void }) {
  const { client } = useSession();
  const editor = props.provider.vendor ? EDITORS[props.provider.vendor] : undefined;
  const initial = Object.fromEntries((editor?.fields ?? []).map((field) => [field.name, currentValue(props.provider, field)]));
  const [values, setValues] = useState<Values>(initial);
  const [preview, setPreview] = useState<ChangeOutcome | null>(null);
  const [applied, setApplied] = useState<ChangeOutcome | null>(null);
  const [busy, setBusy] = useState(false);
  const [failure, setFailure] = useState<unknown>(null);
  if (!editor) return null;

  const changed = Object.fromEntries(Object.entries(values).filter(([name, value]) => value !== initial[name]));
  const run = async (dryRun: boolean) => {
    setBusy(true);
    setFailure(null);
    try {
      const outcome = await editor.send(client, {
        id: props.provider.id,
        ...changed,
        dryRun,
        ...(dryRun ? {} : { expectedVersion: props.provider.version }),
      });
      if (dryRun) setPreview(outcome);
      else {
        setApplied(outcome);
        if (!isRefusal(outcome)) {
          setPreview(null);
          props.onApplied(outcome);
        }
      }
    } catch (error) {
      setFailure(error);
    } finally {
      setBusy(false);
    }
  };
  const refusal = [preview, applied].find((outcome) => outcome && isRefusal(outcome)) ?? null;
  const errorsOf = (name: string) =>
    (refusal?.fieldErrors ?? []).filter((error) => error.path?.[error.path.length - 1] === name).map((error) => error.message);
  const unplaced = (refusal?.fieldErrors ?? []).filter(
    (error) => !editor.fields.some((field) => error.path?.[error.path.length - 1] === field.name),
  );

  return (
    <section class="card" aria-labelledby="edit-title">
      <h2 id="edit-title">Edit</h2>
      <form
        class="edit-form"
        onSubmit={(event) => {
          event.preventDefault();
          void run(true);
        }}
      >
        {editor.fields.map((field) => {
          const errors = errorsOf(field.name);
          const errorId = `error-${field.name}`;
          return (
            <div class="edit-field" key={field.name}>
              {field.kind === 'checkbox' ? (
                <label class="checkbox">
                  <input
                    type="checkbox"
                    name={field.name}
                    checked={Boolean(values[field.name])}
                    aria-describedby={errors.length ? errorId : undefined}
                    onChange={(event) => {
                      setValues({ ...values, [field.name]: (event.currentTarget as HTMLInputElement).checked });
                      setPreview(null);
                    }}
                  />{' '}
                  {field.label}
                </label>
              ) : (
                <label class="field">
                  <span>{field.label}</span>
                  <input
                    type="text"
                    name={field.name}
                    value={String(values[field.name] ?? '')}
                    aria-invalid={errors.length ? true : undefined}
                    aria-describedby={errors.length ? errorId : undefined}
                    onInput={(event) => {
                      setValues({ ...values, [field.name]: (event.currentTarget as HTMLInputElement).value });
                      setPreview(null);
                    }}
                  />
                </label>
              )}
              {errors.length ? (
                <div class="field-error" id={errorId} role="alert">
                  {errors.join(' ')}
                </div>
              ) : null}
            </div>
          );
        })}
        <div class="actions">
          <button type="submit" disabled={busy || Object.keys(changed).length === 0}>
            Preview (dry run)
          </button>
          <button type="button" class="primary" disabled={busy || !preview || isRefusal(preview)} onClick={() => void run(false)}>
            Apply
          </button>
        </div>
      </form>
      <ErrorBox error={failure} />
      {refusal ? (
        <div class="error-box" role="alert">
          {refusal.message}
          {unplaced.length ? ` (${unplaced.map((error) => `${error.path?.join('.')}: ${error.message}`).join('; ')})` : null}
        </div>
      ) : null}
      {preview && !isRefusal(preview) ? (
        <div class="plan" aria-live="polite">
          <h3>The plan (nothing was sent)</h3>
          <ChangeList changes={preview.changes} />
          <h4>Vendor requests</h4>
          <VendorRequests requests={preview.vendorRequests} />
        </div>
      ) : null}
    </section>
  );
}
