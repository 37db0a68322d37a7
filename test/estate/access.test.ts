// Who may do what with the estate: a viewer exports and plans, only an operator applies; a token limited to
// some connections sees only those, and a document naming another is refused as a whole before anything is read.
import { describe, expect, it } from 'vitest';
import { listAuditEvents } from '../../src/store/audit.js';
import { apiToken } from '../support/harness.js';
import { sandboxGateway } from '../support/sandbox-gateway.js';

const PLAN = `mutation($input: PlanEstateInput!) { planEstate(input: $input) { __typename
  ... on EstatePlan { id hasChanges items { connectionId action } }
  ... on EstateDocumentError { problems { path line message } }
  ... on Error { message } } }`;
const APPLY = `mutation($input: ApplyEstatePlanInput!) { applyEstatePlan(input: $input) { __typename
  ... on EstateApplyReport { succeeded } ... on ForbiddenError { requiredRole } ... on Error { message } } }`;
const EXPORT = '{ exportEstate { yaml json } }';

describe('estate access', () => {
  const tokens = {
    viewer: apiToken('estate-viewer', 'viewer'),
    operator: apiToken('estate-operator', 'operator'),
    scoped: apiToken('estate-scoped', 'operator', ['slashid-sandbox']),
  };
  const g = sandboxGateway({ tokens: Object.values(tokens).map((t) => t.config) });
  const as = (name: keyof typeof tokens) => (query: string, variables?: Record<string, unknown>) =>
    g.gql(query, variables, { token: tokens[name].token });

  it('lets a viewer export and plan, and only an operator apply', async () => {
    const exported = await as('viewer')(EXPORT);
    expect(exported.errors).toBeUndefined();
    const planned = await as('viewer')(PLAN, { input: { document: exported.data.exportEstate.yaml } });
    expect(planned.data.planEstate).toMatchObject({ __typename: 'EstatePlan', hasChanges: false });
    const refused = await as('viewer')(APPLY, { input: { planId: planned.data.planEstate.id } });
    expect(refused.data.applyEstatePlan).toMatchObject({ __typename: 'ForbiddenError', requiredRole: 'OPERATOR' });
    const applied = await as('operator')(APPLY, { input: { planId: planned.data.planEstate.id } });
    expect(applied.data.applyEstatePlan).toMatchObject({ __typename: 'EstateApplyReport', succeeded: true });
  });

  it('shows a connection-scoped token only its connections, and refuses a document naming another before reading anything', async () => {
    const exported = await as('scoped')(EXPORT);
    expect(Object.keys(exported.data.exportEstate.json.connections)).toEqual(['slashid-sandbox']);

    const full = (await as('operator')(EXPORT)).data.exportEstate.yaml as string;
    const requestsBefore = g.sandbox.emulators.map((e) => e.requests.length);
    const refused = await as('scoped')(PLAN, { input: { document: full } });
    expect(refused.data.planEstate.__typename).toBe('EstateDocumentError');
    const messages = refused.data.planEstate.problems.map((p: { message: string }) => p.message);
    expect(messages.length).toBeGreaterThan(0);
    for (const message of messages) expect(message).toMatch(/^no connection "[a-z0-9-]+" is configured$/);
    expect(messages.join()).not.toContain('slashid-sandbox');
    expect(g.sandbox.emulators.map((e) => e.requests.length)).toEqual(requestsBefore);

    // A plan made by a wider token cannot be applied through a narrower one: as if it did not exist.
    const wide = await as('operator')(PLAN, { input: { document: full } });
    const denied = await as('scoped')(APPLY, { input: { planId: wide.data.planEstate.id } });
    expect(denied.data.applyEstatePlan.__typename).toBe('NotFoundError');
    expect(await listAuditEvents(g.store.db, { changeSetId: wide.data.planEstate.id, limit: 10 })).toEqual([]);
  });

  it('refuses an unknown plan id or one that is not a UUID as not found', async () => {
    for (const planId of ['00000000-0000-4000-8000-000000000000', 'not-a-uuid', "'; drop table estate_plans; --"]) {
      const res = await as('operator')(APPLY, { input: { planId } });
      expect(res.data.applyEstatePlan.__typename, planId).toBe('NotFoundError');
    }
  });
});
