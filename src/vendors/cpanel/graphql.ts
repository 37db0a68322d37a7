// How cPanel & WHM appears in GraphQL: CpanelIdentityProvider and its three mutations.
import { builder } from '../../graphql/builder.js';
import { defineProviderMutation } from '../../graphql/mutation-field.js';
import { defineProviderType, detail } from '../../graphql/provider.js';
import { setCpanelClientConfiguration, setCpanelDisplayConfiguration, setCpanelProviderEnabled } from './mutations.js';
import { CLIENT_ID_FIELD } from './normalize.js';
import { CPANEL_SERVICES, type CpanelService } from './wire.js';

const CpanelServiceEnum = builder.enumType('CpanelService', {
  description: 'The cPanel & WHM interfaces that can offer External Authentication.',
  values: Object.fromEntries(CPANEL_SERVICES.map((svc) => [svc.toUpperCase(), { value: svc }])) as Record<
    Uppercase<CpanelService>,
    { value: CpanelService }
  >,
});

interface ConfigurationField {
  fieldId: string;
  label: string;
  description: string | null;
  displayOrder: number;
  secret: boolean;
  hasValue: boolean;
  value: string | null;
}

const ConfigurationFieldRef = builder.objectRef<ConfigurationField>('CpanelConfigurationField').implement({
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

interface DisplayConfiguration {
  service: CpanelService;
  label: string | null;
  link: string | null;
  color: string | null;
  textColor: string | null;
  icon: string | null;
  iconType: string | null;
  displayName: string | null;
  providerName: string | null;
  documentationUrl: string | null;
}

const DisplayConfigurationRef = builder.objectRef<DisplayConfiguration>('CpanelDisplayConfiguration').implement({
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

export const CpanelIdentityProvider = defineProviderType({
  name: 'CpanelIdentityProvider',
  vendor: 'cpanel',
  description:
    'A cPanel & WHM External Authentication provider module (OpenID Connect). Its client configuration is shared by all services; display and enabled state are per service.',
  fields: (t) => ({
    configured: t.boolean({ resolve: (p) => detail<boolean>(p, 'configured') }),
    enabledServices: t.field({ type: [CpanelServiceEnum], resolve: (p) => detail<CpanelService[]>(p, 'enabledServices') }),
    redirectUris: t.stringList({ resolve: (p) => detail<string[]>(p, 'redirectUris') }),
    configurationFields: t.field({
      type: [ConfigurationFieldRef],
      // The snapshot keeps the client id once, as `clientId` (so a change of it is one change): shown here again.
      resolve: (p) =>
        detail<ConfigurationField[]>(p, 'configurationFields').map((field) =>
          field.fieldId === CLIENT_ID_FIELD && field.value === null ? { ...field, value: p.clientId ?? null } : field,
        ),
    }),
    display: t.field({ type: [DisplayConfigurationRef], resolve: (p) => detail<DisplayConfiguration[]>(p, 'display') }),
  }),
});

const CpanelConfigFieldInput = builder.inputType('CpanelConfigurationFieldInput', {
  fields: (t) => ({ key: t.string({ required: true }), value: t.string({ required: true }) }),
});

defineProviderMutation({
  spec: setCpanelClientConfiguration,
  providerTypeName: 'CpanelIdentityProvider',
  description:
    'Sets the OpenID Connect client configuration (set_provider_client_configurations). Partial: fields left out keep their values. The configuration is shared by all services; `service` is the one WHM is told about.',
  fields: (t) => ({
    service: t.field({ type: CpanelServiceEnum, required: true }),
    clientId: t.string({ description: 'At most 1024 characters, one line. Cannot be cleared (null is refused).' }),
    clientSecret: t.string({ description: 'Write-only: never returned, stored only as a fingerprint. At most 1024 characters, one line.' }),
    extraFields: t.field({ type: [CpanelConfigFieldInput], description: 'Other fields a custom module declares.' }),
  }),
});

defineProviderMutation({
  spec: setCpanelDisplayConfiguration,
  providerTypeName: 'CpanelIdentityProvider',
  description:
    'Changes how the login button looks on one service (set_provider_display_configurations); fields left out keep their values, and at least one must be given. WHM cannot remove a display value: null is refused.',
  fields: (t) => ({
    service: t.field({ type: CpanelServiceEnum, required: true }),
    label: t.string(),
    color: t.string({ description: '3 to 6 hex digits without "#".' }),
    textColor: t.string({ description: '3 to 6 hex digits without "#".' }),
    displayName: t.string(),
    providerName: t.string(),
    icon: t.string({ description: 'The icon (e.g. SVG text), at most 65536 characters; it may span lines.' }),
    iconType: t.string(),
    documentationUrl: t.string({ description: 'An https:// URL without user name or password, at most 2048 characters.' }),
  }),
});

defineProviderMutation({
  spec: setCpanelProviderEnabled,
  providerTypeName: 'CpanelIdentityProvider',
  description: 'Enables or disables the provider on one service (enable_/disable_authentication_provider).',
  fields: (t) => ({
    service: t.field({ type: CpanelServiceEnum, required: true }),
    enabled: t.boolean({ required: true }),
  }),
});
