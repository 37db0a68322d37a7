// What `plan` and `apply` print, from plan and report objects of exactly the API's shape: the symbol lines,
// field changes, requests and warnings, the summary lines scripts grep, colour only when asked, and the typed
// errors worded with their details.
import { describe, expect, it } from 'vitest';
import type { EstateApplyReport, EstatePlan, EstatePlanItem } from '../../src/cli/estate/api-types.js';
import { palette, wantsColour } from '../../src/cli/estate/colour.js';
import { applyExitCode, applySummaryLine, renderApplyReport } from '../../src/cli/estate/render-apply.js';
import { formatAge, renderPlan, summaryLine } from '../../src/cli/estate/render-plan.js';
import { describeTypedError } from '../../src/cli/estate/typed-errors.js';

const item = (overrides: Partial<EstatePlanItem>): EstatePlanItem => ({
  connectionId: 'twosms-prod',
  vendor: 'TWOSMS',
  key: 'acme',
  documentPath: 'connections.twosms-prod.providers.acme',
  action: 'NO_OP',
  version: 'v1',
  changes: [],
  operations: [],
  vendorRequests: [],
  warnings: [],
  ...overrides,
});

const PLAN: EstatePlan = {
  id: 'plan-1',
  createdAt: '2026-01-01T00:00:00.000Z',
  expiresAt: '2026-01-02T00:00:00.000Z',
  fromCache: false,
  snapshotAgeSeconds: null,
  hasChanges: true,
  summary: { creates: 1, updates: 1, deletes: 1, unchanged: 14, unmanaged: 2 },
  items: [
    item({
      action: 'UPDATE',
      changes: [
        { path: 'loginUrl', before: 'https://old.example/login', after: 'https://new.example/login', secret: false },
        { path: 'clientSecret', before: null, after: null, secret: true },
      ],
      operations: ['updateTwoSmsProvider'],
      vendorRequests: [{ method: 'PATCH', path: '/api/providers/acme', query: null, headers: null, body: '{}', purpose: 'update' }],
      warnings: ['the domain must be verified again afterwards'],
    }),
    item({ key: 'same', documentPath: 'connections.twosms-prod.providers.same', action: 'NO_OP' }),
    item({
      connectionId: 'akamai-prod',
      vendor: 'AKAMAI',
      key: null,
      documentPath: 'connections.akamai-prod.providers[2]',
      action: 'CREATE',
      version: null,
      changes: [{ path: 'name', before: null, after: 'Acme', secret: false }],
      operations: ['createAkamaiCustomProvider'],
      vendorRequests: [{ method: 'POST', path: '/identity-management/v3/idps', query: null, headers: null, body: null, purpose: null }],
      warnings: ['an Akamai create cannot be undone'],
    }),
    item({ key: 'old', documentPath: 'connections.twosms-prod.providers.old', action: 'DELETE', operations: ['deleteTwoSmsProvider'] }),
    item({ key: 'stray', documentPath: 'connections.twosms-prod.providers.stray', action: 'UNMANAGED' }),
  ],
};

describe('plan output', () => {
  const text = renderPlan(PLAN, palette(false));

  it('lists each change with its symbol, fields, requests and warnings in plan order, and the summary last', () => {
    expect(text).toBe(
      [
        '~ connections.twosms-prod.providers.acme will be updated (twosms: updateTwoSmsProvider)',
        '    loginUrl: "https://old.example/login" -> "https://new.example/login"',
        '    clientSecret: (secret changed)',
        '    request: PATCH /api/providers/acme (update)',
        '    warning: the domain must be verified again afterwards',
        '',
        '+ connections.akamai-prod.providers[2] will be created (akamai: createAkamaiCustomProvider)',
        '    name: "Acme"',
        '    request: POST /identity-management/v3/idps',
        '    warning: an Akamai create cannot be undone',
        '',
        '- connections.twosms-prod.providers.old will be deleted (twosms: deleteTwoSmsProvider)',
        '',
        '? connections.twosms-prod.providers.stray (twosms) is not in the document: left alone (unmanaged)',
        '',
        'Plan: 1 to create, 1 to update, 1 to delete, 14 unchanged, 2 unmanaged.',
        '',
      ].join('\n'),
    );
    expect(text).not.toContain('providers.same');
    expect(text).not.toContain('\u001b[');
  });

  it('says unmanaged only when there are, and "No changes" when nothing would change', () => {
    expect(summaryLine({ hasChanges: true, summary: { creates: 1, updates: 3, deletes: 0, unchanged: 14, unmanaged: 0 } })).toBe(
      'Plan: 1 to create, 3 to update, 0 to delete, 14 unchanged.',
    );
    const unchanged = {
      ...PLAN,
      hasChanges: false,
      items: [],
      summary: { creates: 0, updates: 0, deletes: 0, unchanged: 3, unmanaged: 0 },
    };
    expect(renderPlan(unchanged, palette(false))).toBe('No changes. The estate matches the document.\n');
  });

  it('prints the age of the snapshots of a plan from the cache', () => {
    const cached = renderPlan({ ...PLAN, fromCache: true, snapshotAgeSeconds: 42 }, palette(false));
    expect(cached.split('\n')[0]).toBe(
      'Planned from cached snapshots: the oldest is 42 s old (plan without --from-cache to read the vendors now).',
    );
    expect(formatAge(600)).toBe('10 min');
    expect(formatAge(3 * 3600)).toBe('3 h');
  });

  it('colours + green, ~ yellow and - red when colour is on', () => {
    const coloured = renderPlan(PLAN, palette(true));
    expect(coloured).toContain('\u001b[32m+ connections.akamai-prod.providers[2] will be created\u001b[39m');
    expect(coloured).toContain('\u001b[33m~ connections.twosms-prod.providers.acme will be updated\u001b[39m');
    expect(coloured).toContain('\u001b[31m- connections.twosms-prod.providers.old will be deleted\u001b[39m');
  });

  it('wants colour only on a TTY without --no-color and NO_COLOR', () => {
    expect(wantsColour({ isTTY: true }, undefined, {})).toBe(true);
    expect(wantsColour({ isTTY: false }, undefined, {})).toBe(false);
    expect(wantsColour({}, undefined, {})).toBe(false);
    expect(wantsColour({ isTTY: true }, true, {})).toBe(false);
    expect(wantsColour({ isTTY: true }, undefined, { NO_COLOR: '1' })).toBe(false);
    expect(wantsColour({ isTTY: true }, undefined, { NO_COLOR: '' })).toBe(true);
  });
});

describe('apply output', () => {
  const REPORT: EstateApplyReport = {
    changeSetId: 'cs-1',
    succeeded: false,
    items: [
      {
        connectionId: 'twosms-prod',
        key: 'acme',
        documentPath: 'connections.twosms-prod.providers.acme',
        action: 'UPDATE',
        status: 'APPLIED',
        auditEvents: [{ id: 'a1', status: 'SUCCEEDED', operation: 'updateTwoSmsProvider' }],
        error: null,
      },
      {
        connectionId: 'akamai-prod',
        key: null,
        documentPath: 'connections.akamai-prod.providers[2]',
        action: 'CREATE',
        status: 'FAILED',
        auditEvents: [],
        error: {
          code: 'VENDOR_ERROR',
          message: 'the vendor said no',
          vendorCode: 'QUOTA',
          retryable: true,
          fieldErrors: [{ path: ['name'], message: 'too long' }],
        },
      },
      {
        connectionId: 'akamai-prod',
        key: 'b',
        documentPath: 'connections.akamai-prod.providers.b',
        action: 'DELETE',
        status: 'NOT_ATTEMPTED',
        auditEvents: [],
        error: null,
      },
    ],
  };

  it('lists each item with its status and typed error, the change set and the summary', () => {
    expect(renderApplyReport(REPORT, palette(false))).toBe(
      [
        'Change set cs-1 (every audit event of this apply carries it: auditEvents(changeSetId:)).',
        '',
        '  APPLIED        ~ connections.twosms-prod.providers.acme',
        '  FAILED         + connections.akamai-prod.providers[2]',
        '                   VENDOR_ERROR: the vendor said no (vendor code QUOTA, retryable)',
        '                     name: too long',
        '  NOT_ATTEMPTED  - connections.akamai-prod.providers.b',
        '',
        'Apply: 1 applied, 1 failed, 1 not attempted.',
        '',
      ].join('\n'),
    );
    expect(applyExitCode(REPORT)).toBe(1);
  });

  it('exits 0 only when every item was applied (or needed nothing)', () => {
    const applied = { ...REPORT, succeeded: true, items: [REPORT.items[0]!, { ...REPORT.items[2]!, status: 'UNCHANGED' as const }] };
    expect(applyExitCode(applied)).toBe(0);
    expect(applySummaryLine(applied)).toBe('Apply: 1 applied, 0 failed, 0 not attempted, 1 unchanged.');
    expect(renderApplyReport(applied, palette(false))).not.toContain('providers.b');
    expect(applyExitCode({ ...applied, succeeded: false })).toBe(1);
    expect(applyExitCode({ ...REPORT, succeeded: true })).toBe(1);
  });
});

describe('typed errors', () => {
  it('lists every document problem with its place', () => {
    const failure = describeTypedError({
      __typename: 'EstateDocumentError',
      message: 'the document has problems',
      problems: [
        { path: 'connections.twosms-prod.providers.acme.loginUrl', line: 14, column: 7, message: 'must be an https:// URL' },
        { path: 'version', line: null, column: null, message: 'must be 1' },
      ],
    });
    expect(failure.lines).toEqual([
      'the document has 2 problems; nothing was read or written:',
      'connections.twosms-prod.providers.acme.loginUrl (line 14:7): must be an https:// URL',
      'version: must be 1',
    ]);
  });

  it('names each target that moved since the plan', () => {
    const failure = describeTypedError({
      __typename: 'EstatePlanMovedError',
      message: 'targets moved',
      moved: [
        { connectionId: 'twosms-prod', key: 'acme', plannedVersion: 'v1', currentVersion: 'v2' },
        { connectionId: 'akamai-prod', key: 'x', plannedVersion: 'v7', currentVersion: null },
      ],
    });
    expect(failure.lines).toEqual([
      'nothing was applied: 2 targets changed since the plan was made:',
      'twosms-prod/acme: planned at version v1, it is now at v2',
      'akamai-prod/x: planned at version v7, it is gone',
      'Make a new plan (idp-gateway plan) and review it.',
    ]);
  });

  it('words the others with what they carry', () => {
    expect(describeTypedError({ __typename: 'ForbiddenError', message: 'no', requiredRole: 'OPERATOR' }).lines).toEqual([
      'forbidden: no (needs the operator role)',
    ]);
    expect(describeTypedError({ __typename: 'VendorError', message: 'down', vendor: 'CPANEL', vendorCode: 'TIMEOUT' }).lines).toEqual([
      'vendor error (cpanel TIMEOUT): down',
    ]);
    expect(describeTypedError({ __typename: 'NotFoundError', message: 'no plan p' }).lines).toEqual(['not found: no plan p']);
    expect(
      describeTypedError({ __typename: 'ValidationError', message: 'bad', fieldErrors: [{ path: ['secrets', '0'], message: 'x' }] }).lines,
    ).toEqual(['refused: bad', 'secrets.0: x']);
    expect(describeTypedError({ __typename: 'MutationInterruptedError', message: 'stopped' }).lines).toEqual([
      'MutationInterruptedError: stopped',
    ]);
  });
});
