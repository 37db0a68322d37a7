// How cPanel & WHM appears in GraphQL: CpanelIdentityProvider and its three mutations. The mutation inputs are
// derived from the zod schemas that validate them (inputs.ts); the provider's fields read its typed details.
import type { VendorGraphQLKit } from '../../graphql/vendor-kit.js';
import { enumFromZod } from '../../graphql/zod-input.js';
import { serviceEnum } from './inputs.js';
import { setCpanelClientConfiguration, setCpanelDisplayConfiguration, setCpanelProviderEnabled } from './mutations.js';
import { CLIENT_ID_FIELD, type CpanelDetails } from './normalize.js';

/** Registers the vendor's GraphQL types and mutations (called once, by buildGatewaySchema). */
export function registerGraphQL({ builder, defineProviderType, defineProviderMutation }: VendorGraphQLKit): void {
  const TYPE_NAME = 'CpanelIdentityProvider';

  const CpanelServiceEnum = enumFromZod(builder, serviceEnum);

  const ConfigurationFieldRef = builder.objectRef<CpanelDetails['configurationFields'][number]>('CpanelConfigurationField').implement({
    description: 'A client-configuration field the provider module declares. Secret values are never returned.',
    fields: (t) => ({
      fieldId: t.exposeString('fieldId'),
      label: t.exposeString('label'),
      description: t.exposeString('description', { nullable: true }),
      displayOrder: t.exposeInt('displayOrder'),
      secret: t.exposeBoolean('secret'),
      hasValue: t.exposeBoolean('hasValue'),
      value: t.exposeString('value', { nullable: true, description: 'null for secret fields and fields without a value.' }),
    }),
  });

  const DisplayConfigurationRef = builder.objectRef<CpanelDetails['display'][number]>('CpanelDisplayConfiguration').implement({
    description: 'How the login button looks on one service.',
    fields: (t) => ({
      service: t.field({ type: CpanelServiceEnum, resolve: (d) => d.service }),
      label: t.exposeString('label', { nullable: true }),
      link: t.exposeString('link', { nullable: true }),
      color: t.exposeString('color', { nullable: true, description: 'Hex without "#".' }),
      textColor: t.exposeString('textColor', { nullable: true, description: 'Hex without "#".' }),
      icon: t.exposeString('icon', { nullable: true }),
      iconType: t.exposeString('iconType', { nullable: true }),
      displayName: t.exposeString('displayName', { nullable: true }),
      providerName: t.exposeString('providerName', { nullable: true }),
      documentationUrl: t.exposeString('documentationUrl', { nullable: true }),
    }),
  });

  defineProviderType<CpanelDetails>({
    name: TYPE_NAME,
    vendor: 'cpanel',
    description:
      'A cPanel & WHM External Authentication provider module (OpenID Connect). Its client configuration is shared by all services; display and enabled state are per service.',
    fields: (t) => ({
      configured: t.boolean({ resolve: (p) => p.details.configured }),
      enabledServices: t.field({ type: [CpanelServiceEnum], resolve: (p) => p.details.enabledServices }),
      redirectUris: t.stringList({ resolve: (p) => p.details.redirectUris }),
      configurationFields: t.field({
        type: [ConfigurationFieldRef],
        // The snapshot keeps the client id once, as `clientId` (so a change of it is one change): shown here again.
        resolve: (p) =>
          p.details.configurationFields.map((field) =>
            field.fieldId === CLIENT_ID_FIELD && field.value === null ? { ...field, value: p.clientId ?? null } : field,
          ),
      }),
      display: t.field({ type: [DisplayConfigurationRef], resolve: (p) => p.details.display }),
    }),
  });

  defineProviderMutation({
    spec: setCpanelClientConfiguration,
    providerTypeName: TYPE_NAME,
    description:
      'Sets the OpenID Connect client configuration (set_provider_client_configurations). Partial: fields left out keep their values. The configuration is shared by all services; `service` is the one WHM is told about.',
  });

  defineProviderMutation({
    spec: setCpanelDisplayConfiguration,
    providerTypeName: TYPE_NAME,
    description:
      'Changes how the login button looks on one service (set_provider_display_configurations); fields left out keep their values, and at least one must be given. WHM cannot remove a display value: null is refused.',
  });

  defineProviderMutation({
    spec: setCpanelProviderEnabled,
    providerTypeName: TYPE_NAME,
    description: 'Enables or disables the provider on one service (enable_/disable_authentication_provider).',
  });
}
