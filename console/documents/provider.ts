// The provider page: the provider with every field of its vendor's type, its audit timeline (live), drift against
// the last known state, and the changes the page can make: each vendor's update mutation (previewed by a dry run
// first) and the revert of a past change.
import { graphql, persisted } from '../graphql.js';

/** What a change answered, the same for every vendor's mutation and the revert. */
const OUTCOME = `
  dryRun
  changes { path before after secret }
  vendorRequests { purpose method path query body }
  auditEvent { id status }
`;
const ERRORS = `
  ... on ValidationError { fieldErrors { path message } }
  ... on Error { message }
`;

export const ProviderQuery = persisted(
  graphql(`
    query ConsoleProvider($id: ID!) {
      identityProvider(id: $id) {
        __typename
        ... on ManagedIdentityProvider {
          id
          vendor
          connectionId
          key
          displayName
          protocol
          enabled
          clientId
          hasClientSecret
          stale
          syncedAt
          version
          certificates { role subject issuer notBefore notAfter daysLeft sha256Fingerprint problem }
        }
        ... on CpanelIdentityProvider {
          configured
          enabledServices
          redirectUris
          display { service displayName label providerName documentationUrl color textColor }
          configurationFields { fieldId label value hasValue secret }
        }
        ... on AkamaiCustomProvider {
          title
          wireProtocol
          authUrl
          tokenUrl
          profileUrl
          scopes
          identifierAttribute
          tokenAuthMethod
          uiTitle
          iconUrl
          createdAt
          updatedAt
          attributeMap { providerAttribute identityCloudAttribute }
        }
        ... on TwoSmsIdentityProvider {
          name
          domain
          verified
          samlProvider: provider
          signOnUrl
          logoutUrl
          certificateExpiry
          signAuthnRequest
          samlResponseSigned
          samlAssertionSigned
          samlAssertionEncrypted
          clockSkewSeconds
          serviceProvider { entityId replyUrl }
        }
        ... on HuaweiIdentityProvider {
          description
          ssoType
          remoteIds
          protocols { protocolId mappingId }
          oidcConfig { accessMode idpUrl clientId authorizationEndpoint scope responseType responseMode }
        }
        ... on SlashIdOidcCredential {
          label
          oauthProvider: provider
          providerName
          externalCredId
          enableInSlashidOidcAuthzServer
          requestedScopes
          options { tenant organizationUrl teamId keyId hasPrivateKey secretLifetime authorizeScopes }
        }
      }
    }
  `),
);

const TimelineEvent = graphql(`
  fragment ConsoleTimelineEvent on AuditEvent {
    id
    kind
    operation
    status
    actor
    occurredAt
    error
    errorCode
    changeSetId
    changes { path before after secret }
  }
`);

export const TimelineQuery = persisted(
  graphql(
    `
    query ConsoleProviderTimeline($connectionId: String!, $key: String!) {
      auditEvents(connectionId: $connectionId, providerKey: $key, first: 20) {
        edges { node { ...ConsoleTimelineEvent } }
      }
    }
  `,
    [TimelineEvent],
  ),
);

export const TimelineSubscription = persisted(
  graphql(
    `
    subscription ConsoleProviderTimelineAdded($connectionId: String!, $key: String!) {
      auditEventAdded(connectionId: $connectionId, providerKey: $key) { ...ConsoleTimelineEvent }
    }
  `,
    [TimelineEvent],
  ),
);

export const DriftQuery = persisted(
  graphql(`
    query ConsoleProviderDrift($connectionId: String!) {
      drift(connectionId: $connectionId) {
        checkedAt
        lastSyncedAt
        drifted
        providers { key kind changes { path before after secret } }
      }
    }
  `),
);

export const UpdateAkamai = persisted(
  graphql(`
    mutation ConsoleUpdateAkamai($input: UpdateAkamaiCustomProviderInput!) {
      updateAkamaiCustomProvider(input: $input) { __typename ... on UpdateAkamaiCustomProviderPayload { ${OUTCOME} } ${ERRORS} }
    }
  `),
);

export const UpdateTwoSms = persisted(
  graphql(`
    mutation ConsoleUpdateTwoSms($input: UpdateTwoSmsIdentityProviderInput!) {
      updateTwoSmsIdentityProvider(input: $input) { __typename ... on UpdateTwoSmsIdentityProviderPayload { ${OUTCOME} } ${ERRORS} }
    }
  `),
);

export const UpdateHuawei = persisted(
  graphql(`
    mutation ConsoleUpdateHuawei($input: UpdateHuaweiIdentityProviderInput!) {
      updateHuaweiIdentityProvider(input: $input) { __typename ... on UpdateHuaweiIdentityProviderPayload { ${OUTCOME} } ${ERRORS} }
    }
  `),
);

export const UpdateSlashId = persisted(
  graphql(`
    mutation ConsoleUpdateSlashId($input: UpdateSlashIdOidcCredentialInput!) {
      updateSlashIdOidcCredential(input: $input) { __typename ... on UpdateSlashIdOidcCredentialPayload { ${OUTCOME} } ${ERRORS} }
    }
  `),
);

export const SetCpanelDisplay = persisted(
  graphql(`
    mutation ConsoleSetCpanelDisplay($input: SetCpanelDisplayConfigurationInput!) {
      setCpanelDisplayConfiguration(input: $input) { __typename ... on SetCpanelDisplayConfigurationPayload { ${OUTCOME} } ${ERRORS} }
    }
  `),
);

export const RevertChange = persisted(
  graphql(`
    mutation ConsoleRevert($input: RevertAuditEventInput!) {
      revertAuditEvent(input: $input) {
        __typename
        ... on RevertAuditEventPayload { secretsToResupply ${OUTCOME} }
        ${ERRORS}
      }
    }
  `),
);

/** A provider by its connection and key (the audit names providers so): found through the search. */
export const ProviderByKeyQuery = persisted(
  graphql(`
    query ConsoleProviderByKey($connectionId: String!, $key: String!) {
      identityProviders(connectionId: $connectionId, search: $key, first: 20) {
        edges { node { ... on ManagedIdentityProvider { id key } } }
      }
    }
  `),
);
