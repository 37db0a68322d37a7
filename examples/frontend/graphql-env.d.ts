/* eslint-disable */
/* prettier-ignore */

export type introspection_types = {
  AkamaiAttributeMapping: {
    kind: 'OBJECT';
    name: 'AkamaiAttributeMapping';
    fields: {
      identityCloudAttribute: {
        name: 'identityCloudAttribute';
        type: { kind: 'NON_NULL'; name: never; ofType: { kind: 'SCALAR'; name: 'String'; ofType: null } };
      };
      providerAttribute: {
        name: 'providerAttribute';
        type: { kind: 'NON_NULL'; name: never; ofType: { kind: 'SCALAR'; name: 'String'; ofType: null } };
      };
    };
  };
  AkamaiAttributeMappingInput: {
    kind: 'INPUT_OBJECT';
    name: 'AkamaiAttributeMappingInput';
    isOneOf: false;
    inputFields: [
      {
        name: 'identityCloudAttribute';
        type: { kind: 'NON_NULL'; name: never; ofType: { kind: 'SCALAR'; name: 'String'; ofType: null } };
        defaultValue: null;
      },
      {
        name: 'providerAttribute';
        type: { kind: 'NON_NULL'; name: never; ofType: { kind: 'SCALAR'; name: 'String'; ofType: null } };
        defaultValue: null;
      },
    ];
  };
  AkamaiCertificateInfo: {
    kind: 'OBJECT';
    name: 'AkamaiCertificateInfo';
    fields: {
      fingerprintSha256: {
        name: 'fingerprintSha256';
        type: { kind: 'NON_NULL'; name: never; ofType: { kind: 'SCALAR'; name: 'String'; ofType: null } };
      };
      issuer: { name: 'issuer'; type: { kind: 'NON_NULL'; name: never; ofType: { kind: 'SCALAR'; name: 'String'; ofType: null } } };
      subject: { name: 'subject'; type: { kind: 'NON_NULL'; name: never; ofType: { kind: 'SCALAR'; name: 'String'; ofType: null } } };
      validFrom: { name: 'validFrom'; type: { kind: 'NON_NULL'; name: never; ofType: { kind: 'SCALAR'; name: 'DateTime'; ofType: null } } };
      validTo: { name: 'validTo'; type: { kind: 'NON_NULL'; name: never; ofType: { kind: 'SCALAR'; name: 'DateTime'; ofType: null } } };
    };
  };
  AkamaiCustomProvider: {
    kind: 'OBJECT';
    name: 'AkamaiCustomProvider';
    fields: {
      attributeMap: {
        name: 'attributeMap';
        type: {
          kind: 'LIST';
          name: never;
          ofType: { kind: 'NON_NULL'; name: never; ofType: { kind: 'OBJECT'; name: 'AkamaiAttributeMapping'; ofType: null } };
        };
      };
      authUrl: { name: 'authUrl'; type: { kind: 'SCALAR'; name: 'String'; ofType: null } };
      authnContext: { name: 'authnContext'; type: { kind: 'SCALAR'; name: 'JSON'; ofType: null } };
      clientId: { name: 'clientId'; type: { kind: 'SCALAR'; name: 'String'; ofType: null } };
      connectionId: { name: 'connectionId'; type: { kind: 'SCALAR'; name: 'String'; ofType: null } };
      createdAt: { name: 'createdAt'; type: { kind: 'SCALAR'; name: 'DateTime'; ofType: null } };
      displayName: { name: 'displayName'; type: { kind: 'SCALAR'; name: 'String'; ofType: null } };
      enabled: { name: 'enabled'; type: { kind: 'SCALAR'; name: 'Boolean'; ofType: null } };
      hasClientSecret: { name: 'hasClientSecret'; type: { kind: 'SCALAR'; name: 'Boolean'; ofType: null } };
      iconUrl: { name: 'iconUrl'; type: { kind: 'SCALAR'; name: 'String'; ofType: null } };
      id: { name: 'id'; type: { kind: 'NON_NULL'; name: never; ofType: { kind: 'SCALAR'; name: 'ID'; ofType: null } } };
      identifierAttribute: { name: 'identifierAttribute'; type: { kind: 'SCALAR'; name: 'String'; ofType: null } };
      idpCertificate: { name: 'idpCertificate'; type: { kind: 'SCALAR'; name: 'String'; ofType: null } };
      idpCertificateChain: {
        name: 'idpCertificateChain';
        type: {
          kind: 'LIST';
          name: never;
          ofType: { kind: 'NON_NULL'; name: never; ofType: { kind: 'SCALAR'; name: 'String'; ofType: null } };
        };
      };
      idpCertificateInfo: { name: 'idpCertificateInfo'; type: { kind: 'OBJECT'; name: 'AkamaiCertificateInfo'; ofType: null } };
      key: { name: 'key'; type: { kind: 'SCALAR'; name: 'String'; ofType: null } };
      profileUrl: { name: 'profileUrl'; type: { kind: 'SCALAR'; name: 'String'; ofType: null } };
      protocol: { name: 'protocol'; type: { kind: 'ENUM'; name: 'Protocol'; ofType: null } };
      scopes: {
        name: 'scopes';
        type: {
          kind: 'LIST';
          name: never;
          ofType: { kind: 'NON_NULL'; name: never; ofType: { kind: 'SCALAR'; name: 'String'; ofType: null } };
        };
      };
      stale: { name: 'stale'; type: { kind: 'SCALAR'; name: 'Boolean'; ofType: null } };
      syncedAt: { name: 'syncedAt'; type: { kind: 'SCALAR'; name: 'DateTime'; ofType: null } };
      title: { name: 'title'; type: { kind: 'NON_NULL'; name: never; ofType: { kind: 'SCALAR'; name: 'String'; ofType: null } } };
      tokenAuthMethod: { name: 'tokenAuthMethod'; type: { kind: 'ENUM'; name: 'AkamaiTokenAuthMethod'; ofType: null } };
      tokenUrl: { name: 'tokenUrl'; type: { kind: 'SCALAR'; name: 'String'; ofType: null } };
      uiTitle: { name: 'uiTitle'; type: { kind: 'SCALAR'; name: 'String'; ofType: null } };
      updatedAt: { name: 'updatedAt'; type: { kind: 'SCALAR'; name: 'DateTime'; ofType: null } };
      vendor: { name: 'vendor'; type: { kind: 'ENUM'; name: 'Vendor'; ofType: null } };
      version: { name: 'version'; type: { kind: 'SCALAR'; name: 'String'; ofType: null } };
      wireProtocol: {
        name: 'wireProtocol';
        type: { kind: 'NON_NULL'; name: never; ofType: { kind: 'SCALAR'; name: 'String'; ofType: null } };
      };
    };
  };
  AkamaiProtocol: { name: 'AkamaiProtocol'; enumValues: 'OAUTH2' | 'OPENID_CONNECT' | 'SAML2' };
  AkamaiProviderUiInput: {
    kind: 'INPUT_OBJECT';
    name: 'AkamaiProviderUiInput';
    isOneOf: false;
    inputFields: [
      { name: 'iconUrl'; type: { kind: 'SCALAR'; name: 'String'; ofType: null }; defaultValue: null },
      { name: 'title'; type: { kind: 'SCALAR'; name: 'String'; ofType: null }; defaultValue: null },
    ];
  };
  AkamaiTokenAuthMethod: { name: 'AkamaiTokenAuthMethod'; enumValues: 'CLIENT_SECRET_BASIC' | 'CLIENT_SECRET_POST' };
  ApplyEstatePlanInput: {
    kind: 'INPUT_OBJECT';
    name: 'ApplyEstatePlanInput';
    isOneOf: false;
    inputFields: [
      { name: 'continueOnError'; type: { kind: 'SCALAR'; name: 'Boolean'; ofType: null }; defaultValue: null },
      { name: 'parallelism'; type: { kind: 'SCALAR'; name: 'Int'; ofType: null }; defaultValue: null },
      { name: 'planId'; type: { kind: 'NON_NULL'; name: never; ofType: { kind: 'SCALAR'; name: 'ID'; ofType: null } }; defaultValue: null },
      {
        name: 'secrets';
        type: {
          kind: 'LIST';
          name: never;
          ofType: { kind: 'NON_NULL'; name: never; ofType: { kind: 'INPUT_OBJECT'; name: 'EstateSecretInput'; ofType: null } };
        };
        defaultValue: null;
      },
    ];
  };
  ApplyEstatePlanResult: {
    kind: 'UNION';
    name: 'ApplyEstatePlanResult';
    fields: {};
    possibleTypes:
      | 'ChangeInProgressError'
      | 'EstateApplyReport'
      | 'EstatePlanMovedError'
      | 'ForbiddenError'
      | 'IdempotencyInProgressError'
      | 'IdempotencyKeyReuseError'
      | 'MutationInterruptedError'
      | 'NotFoundError'
      | 'OutcomePendingError'
      | 'StoreUnavailableError'
      | 'ValidationError'
      | 'VendorError'
      | 'VersionConflictError';
  };
  ApplyIdentityProviderChangesInput: {
    kind: 'INPUT_OBJECT';
    name: 'ApplyIdentityProviderChangesInput';
    isOneOf: false;
    inputFields: [
      {
        name: 'changes';
        type: {
          kind: 'NON_NULL';
          name: never;
          ofType: {
            kind: 'LIST';
            name: never;
            ofType: { kind: 'NON_NULL'; name: never; ofType: { kind: 'INPUT_OBJECT'; name: 'IdentityProviderChangeInput'; ofType: null } };
          };
        };
        defaultValue: null;
      },
      { name: 'dryRun'; type: { kind: 'SCALAR'; name: 'Boolean'; ofType: null }; defaultValue: null },
      {
        name: 'mode';
        type: { kind: 'NON_NULL'; name: never; ofType: { kind: 'ENUM'; name: 'BatchMode'; ofType: null } };
        defaultValue: null;
      },
    ];
  };
  ApplyIdentityProviderChangesPayload: {
    kind: 'OBJECT';
    name: 'ApplyIdentityProviderChangesPayload';
    fields: {
      dryRun: { name: 'dryRun'; type: { kind: 'SCALAR'; name: 'Boolean'; ofType: null } };
      results: {
        name: 'results';
        type: {
          kind: 'LIST';
          name: never;
          ofType: { kind: 'NON_NULL'; name: never; ofType: { kind: 'OBJECT'; name: 'BatchChangeResult'; ofType: null } };
        };
      };
      succeeded: { name: 'succeeded'; type: { kind: 'SCALAR'; name: 'Boolean'; ofType: null } };
    };
  };
  ApplyIdentityProviderChangesResult: {
    kind: 'UNION';
    name: 'ApplyIdentityProviderChangesResult';
    fields: {};
    possibleTypes:
      | 'ApplyIdentityProviderChangesPayload'
      | 'ChangeInProgressError'
      | 'ForbiddenError'
      | 'IdempotencyInProgressError'
      | 'IdempotencyKeyReuseError'
      | 'MutationInterruptedError'
      | 'NotFoundError'
      | 'OutcomePendingError'
      | 'StoreUnavailableError'
      | 'ValidationError'
      | 'VendorError'
      | 'VersionConflictError';
  };
  AuditEvent: {
    kind: 'OBJECT';
    name: 'AuditEvent';
    fields: {
      actor: { name: 'actor'; type: { kind: 'SCALAR'; name: 'String'; ofType: null } };
      changeSetId: { name: 'changeSetId'; type: { kind: 'SCALAR'; name: 'ID'; ofType: null } };
      changes: {
        name: 'changes';
        type: {
          kind: 'LIST';
          name: never;
          ofType: { kind: 'NON_NULL'; name: never; ofType: { kind: 'OBJECT'; name: 'FieldChange'; ofType: null } };
        };
      };
      connectionId: { name: 'connectionId'; type: { kind: 'SCALAR'; name: 'String'; ofType: null } };
      durationMs: { name: 'durationMs'; type: { kind: 'SCALAR'; name: 'Int'; ofType: null } };
      error: { name: 'error'; type: { kind: 'SCALAR'; name: 'String'; ofType: null } };
      errorCode: { name: 'errorCode'; type: { kind: 'SCALAR'; name: 'String'; ofType: null } };
      finishedAt: { name: 'finishedAt'; type: { kind: 'SCALAR'; name: 'DateTime'; ofType: null } };
      id: { name: 'id'; type: { kind: 'SCALAR'; name: 'ID'; ofType: null } };
      input: { name: 'input'; type: { kind: 'SCALAR'; name: 'JSON'; ofType: null } };
      kind: { name: 'kind'; type: { kind: 'ENUM'; name: 'AuditKind'; ofType: null } };
      occurredAt: { name: 'occurredAt'; type: { kind: 'SCALAR'; name: 'DateTime'; ofType: null } };
      operation: { name: 'operation'; type: { kind: 'SCALAR'; name: 'String'; ofType: null } };
      plannedRequests: {
        name: 'plannedRequests';
        type: {
          kind: 'LIST';
          name: never;
          ofType: { kind: 'NON_NULL'; name: never; ofType: { kind: 'OBJECT'; name: 'PlannedVendorRequest'; ofType: null } };
        };
      };
      providerKey: { name: 'providerKey'; type: { kind: 'SCALAR'; name: 'String'; ofType: null } };
      reason: { name: 'reason'; type: { kind: 'SCALAR'; name: 'String'; ofType: null } };
      requestId: { name: 'requestId'; type: { kind: 'SCALAR'; name: 'String'; ofType: null } };
      status: { name: 'status'; type: { kind: 'ENUM'; name: 'AuditStatus'; ofType: null } };
      vendor: { name: 'vendor'; type: { kind: 'ENUM'; name: 'Vendor'; ofType: null } };
      vendorRequests: {
        name: 'vendorRequests';
        type: {
          kind: 'LIST';
          name: never;
          ofType: { kind: 'NON_NULL'; name: never; ofType: { kind: 'OBJECT'; name: 'VendorRequestSummary'; ofType: null } };
        };
      };
    };
  };
  AuditKind: { name: 'AuditKind'; enumValues: 'DRIFT_DETECTED' | 'MUTATION' };
  AuditStatus: { name: 'AuditStatus'; enumValues: 'DRY_RUN' | 'FAILED' | 'PENDING' | 'REJECTED' | 'SUCCEEDED' | 'UNKNOWN' };
  BatchChangeError: {
    kind: 'OBJECT';
    name: 'BatchChangeError';
    fields: {
      code: { name: 'code'; type: { kind: 'SCALAR'; name: 'String'; ofType: null } };
      fieldErrors: {
        name: 'fieldErrors';
        type: {
          kind: 'LIST';
          name: never;
          ofType: { kind: 'NON_NULL'; name: never; ofType: { kind: 'OBJECT'; name: 'FieldError'; ofType: null } };
        };
      };
      message: { name: 'message'; type: { kind: 'SCALAR'; name: 'String'; ofType: null } };
      retryable: { name: 'retryable'; type: { kind: 'SCALAR'; name: 'Boolean'; ofType: null } };
      vendorCode: { name: 'vendorCode'; type: { kind: 'SCALAR'; name: 'String'; ofType: null } };
    };
  };
  BatchChangeResult: {
    kind: 'OBJECT';
    name: 'BatchChangeResult';
    fields: {
      auditEvent: { name: 'auditEvent'; type: { kind: 'OBJECT'; name: 'AuditEvent'; ofType: null } };
      changes: {
        name: 'changes';
        type: {
          kind: 'LIST';
          name: never;
          ofType: { kind: 'NON_NULL'; name: never; ofType: { kind: 'OBJECT'; name: 'FieldChange'; ofType: null } };
        };
      };
      error: { name: 'error'; type: { kind: 'OBJECT'; name: 'BatchChangeError'; ofType: null } };
      index: { name: 'index'; type: { kind: 'SCALAR'; name: 'Int'; ofType: null } };
      operation: { name: 'operation'; type: { kind: 'SCALAR'; name: 'String'; ofType: null } };
      provider: { name: 'provider'; type: { kind: 'UNION'; name: 'IdentityProvider'; ofType: null } };
      revertAuditEvent: { name: 'revertAuditEvent'; type: { kind: 'OBJECT'; name: 'AuditEvent'; ofType: null } };
      revertError: { name: 'revertError'; type: { kind: 'OBJECT'; name: 'BatchChangeError'; ofType: null } };
      status: { name: 'status'; type: { kind: 'ENUM'; name: 'BatchItemStatus'; ofType: null } };
      vendorRequests: {
        name: 'vendorRequests';
        type: {
          kind: 'LIST';
          name: never;
          ofType: { kind: 'NON_NULL'; name: never; ofType: { kind: 'OBJECT'; name: 'PlannedVendorRequest'; ofType: null } };
        };
      };
    };
  };
  BatchItemStatus: {
    name: 'BatchItemStatus';
    enumValues: 'APPLIED' | 'FAILED' | 'NOT_ATTEMPTED' | 'PLANNED' | 'REVERTED' | 'REVERT_FAILED';
  };
  BatchMode: { name: 'BatchMode'; enumValues: 'ALL_OR_NOTHING' | 'BEST_EFFORT' };
  Boolean: unknown;
  Caller: {
    kind: 'OBJECT';
    name: 'Caller';
    fields: {
      anonymous: { name: 'anonymous'; type: { kind: 'NON_NULL'; name: never; ofType: { kind: 'SCALAR'; name: 'Boolean'; ofType: null } } };
      connectionIds: {
        name: 'connectionIds';
        type: {
          kind: 'NON_NULL';
          name: never;
          ofType: {
            kind: 'LIST';
            name: never;
            ofType: { kind: 'NON_NULL'; name: never; ofType: { kind: 'SCALAR'; name: 'String'; ofType: null } };
          };
        };
      };
      name: { name: 'name'; type: { kind: 'NON_NULL'; name: never; ofType: { kind: 'SCALAR'; name: 'String'; ofType: null } } };
      role: { name: 'role'; type: { kind: 'NON_NULL'; name: never; ofType: { kind: 'ENUM'; name: 'Role'; ofType: null } } };
    };
  };
  ChangeInProgressError: {
    kind: 'OBJECT';
    name: 'ChangeInProgressError';
    fields: {
      auditEvent: { name: 'auditEvent'; type: { kind: 'OBJECT'; name: 'AuditEvent'; ofType: null } };
      message: { name: 'message'; type: { kind: 'SCALAR'; name: 'String'; ofType: null } };
      pendingAuditEventId: { name: 'pendingAuditEventId'; type: { kind: 'SCALAR'; name: 'ID'; ofType: null } };
      retryAfterSeconds: { name: 'retryAfterSeconds'; type: { kind: 'SCALAR'; name: 'Int'; ofType: null } };
    };
  };
  CircuitState: { name: 'CircuitState'; enumValues: 'CLOSED' | 'HALF_OPEN' | 'OPEN' };
  Connection: {
    kind: 'OBJECT';
    name: 'Connection';
    fields: {
      health: { name: 'health'; type: { kind: 'OBJECT'; name: 'ConnectionHealth'; ofType: null } };
      id: { name: 'id'; type: { kind: 'SCALAR'; name: 'String'; ofType: null } };
      vendor: { name: 'vendor'; type: { kind: 'ENUM'; name: 'Vendor'; ofType: null } };
    };
  };
  ConnectionError: {
    kind: 'OBJECT';
    name: 'ConnectionError';
    fields: {
      code: { name: 'code'; type: { kind: 'SCALAR'; name: 'String'; ofType: null } };
      connectionId: { name: 'connectionId'; type: { kind: 'SCALAR'; name: 'String'; ofType: null } };
      message: { name: 'message'; type: { kind: 'SCALAR'; name: 'String'; ofType: null } };
      vendor: { name: 'vendor'; type: { kind: 'ENUM'; name: 'Vendor'; ofType: null } };
    };
  };
  ConnectionHealth: {
    kind: 'OBJECT';
    name: 'ConnectionHealth';
    fields: {
      circuit: { name: 'circuit'; type: { kind: 'ENUM'; name: 'CircuitState'; ofType: null } };
      circuitRetryAt: { name: 'circuitRetryAt'; type: { kind: 'SCALAR'; name: 'DateTime'; ofType: null } };
      consecutiveFailures: { name: 'consecutiveFailures'; type: { kind: 'SCALAR'; name: 'Int'; ofType: null } };
      lastError: { name: 'lastError'; type: { kind: 'SCALAR'; name: 'String'; ofType: null } };
      lastErrorAt: { name: 'lastErrorAt'; type: { kind: 'SCALAR'; name: 'DateTime'; ofType: null } };
      lastSyncedAt: { name: 'lastSyncedAt'; type: { kind: 'SCALAR'; name: 'DateTime'; ofType: null } };
      status: { name: 'status'; type: { kind: 'ENUM'; name: 'ConnectionStatus'; ofType: null } };
    };
  };
  ConnectionProviders: {
    kind: 'OBJECT';
    name: 'ConnectionProviders';
    fields: {
      connectionId: {
        name: 'connectionId';
        type: { kind: 'NON_NULL'; name: never; ofType: { kind: 'SCALAR'; name: 'String'; ofType: null } };
      };
      error: { name: 'error'; type: { kind: 'OBJECT'; name: 'ConnectionError'; ofType: null } };
      providers: {
        name: 'providers';
        type: {
          kind: 'NON_NULL';
          name: never;
          ofType: {
            kind: 'LIST';
            name: never;
            ofType: { kind: 'NON_NULL'; name: never; ofType: { kind: 'UNION'; name: 'IdentityProvider'; ofType: null } };
          };
        };
      };
      stale: { name: 'stale'; type: { kind: 'NON_NULL'; name: never; ofType: { kind: 'SCALAR'; name: 'Boolean'; ofType: null } } };
      syncedAt: { name: 'syncedAt'; type: { kind: 'SCALAR'; name: 'DateTime'; ofType: null } };
      vendor: { name: 'vendor'; type: { kind: 'NON_NULL'; name: never; ofType: { kind: 'ENUM'; name: 'Vendor'; ofType: null } } };
    };
  };
  ConnectionStatus: { name: 'ConnectionStatus'; enumValues: 'FAILING' | 'OK' | 'UNKNOWN' };
  CpanelConfigurationField: {
    kind: 'OBJECT';
    name: 'CpanelConfigurationField';
    fields: {
      description: { name: 'description'; type: { kind: 'SCALAR'; name: 'String'; ofType: null } };
      displayOrder: { name: 'displayOrder'; type: { kind: 'SCALAR'; name: 'Int'; ofType: null } };
      fieldId: { name: 'fieldId'; type: { kind: 'SCALAR'; name: 'String'; ofType: null } };
      hasValue: { name: 'hasValue'; type: { kind: 'SCALAR'; name: 'Boolean'; ofType: null } };
      label: { name: 'label'; type: { kind: 'SCALAR'; name: 'String'; ofType: null } };
      secret: { name: 'secret'; type: { kind: 'SCALAR'; name: 'Boolean'; ofType: null } };
      value: { name: 'value'; type: { kind: 'SCALAR'; name: 'String'; ofType: null } };
    };
  };
  CpanelConfigurationFieldInput: {
    kind: 'INPUT_OBJECT';
    name: 'CpanelConfigurationFieldInput';
    isOneOf: false;
    inputFields: [
      {
        name: 'key';
        type: { kind: 'NON_NULL'; name: never; ofType: { kind: 'SCALAR'; name: 'String'; ofType: null } };
        defaultValue: null;
      },
      {
        name: 'value';
        type: { kind: 'NON_NULL'; name: never; ofType: { kind: 'SCALAR'; name: 'String'; ofType: null } };
        defaultValue: null;
      },
    ];
  };
  CpanelDisplayConfiguration: {
    kind: 'OBJECT';
    name: 'CpanelDisplayConfiguration';
    fields: {
      color: { name: 'color'; type: { kind: 'SCALAR'; name: 'String'; ofType: null } };
      displayName: { name: 'displayName'; type: { kind: 'SCALAR'; name: 'String'; ofType: null } };
      documentationUrl: { name: 'documentationUrl'; type: { kind: 'SCALAR'; name: 'String'; ofType: null } };
      icon: { name: 'icon'; type: { kind: 'SCALAR'; name: 'String'; ofType: null } };
      iconType: { name: 'iconType'; type: { kind: 'SCALAR'; name: 'String'; ofType: null } };
      label: { name: 'label'; type: { kind: 'SCALAR'; name: 'String'; ofType: null } };
      link: { name: 'link'; type: { kind: 'SCALAR'; name: 'String'; ofType: null } };
      providerName: { name: 'providerName'; type: { kind: 'SCALAR'; name: 'String'; ofType: null } };
      service: { name: 'service'; type: { kind: 'ENUM'; name: 'CpanelService'; ofType: null } };
      textColor: { name: 'textColor'; type: { kind: 'SCALAR'; name: 'String'; ofType: null } };
    };
  };
  CpanelIdentityProvider: {
    kind: 'OBJECT';
    name: 'CpanelIdentityProvider';
    fields: {
      clientId: { name: 'clientId'; type: { kind: 'SCALAR'; name: 'String'; ofType: null } };
      configurationFields: {
        name: 'configurationFields';
        type: {
          kind: 'LIST';
          name: never;
          ofType: { kind: 'NON_NULL'; name: never; ofType: { kind: 'OBJECT'; name: 'CpanelConfigurationField'; ofType: null } };
        };
      };
      configured: { name: 'configured'; type: { kind: 'SCALAR'; name: 'Boolean'; ofType: null } };
      connectionId: { name: 'connectionId'; type: { kind: 'SCALAR'; name: 'String'; ofType: null } };
      display: {
        name: 'display';
        type: {
          kind: 'LIST';
          name: never;
          ofType: { kind: 'NON_NULL'; name: never; ofType: { kind: 'OBJECT'; name: 'CpanelDisplayConfiguration'; ofType: null } };
        };
      };
      displayName: { name: 'displayName'; type: { kind: 'SCALAR'; name: 'String'; ofType: null } };
      enabled: { name: 'enabled'; type: { kind: 'SCALAR'; name: 'Boolean'; ofType: null } };
      enabledServices: {
        name: 'enabledServices';
        type: {
          kind: 'LIST';
          name: never;
          ofType: { kind: 'NON_NULL'; name: never; ofType: { kind: 'ENUM'; name: 'CpanelService'; ofType: null } };
        };
      };
      hasClientSecret: { name: 'hasClientSecret'; type: { kind: 'SCALAR'; name: 'Boolean'; ofType: null } };
      id: { name: 'id'; type: { kind: 'NON_NULL'; name: never; ofType: { kind: 'SCALAR'; name: 'ID'; ofType: null } } };
      key: { name: 'key'; type: { kind: 'SCALAR'; name: 'String'; ofType: null } };
      protocol: { name: 'protocol'; type: { kind: 'ENUM'; name: 'Protocol'; ofType: null } };
      redirectUris: {
        name: 'redirectUris';
        type: {
          kind: 'LIST';
          name: never;
          ofType: { kind: 'NON_NULL'; name: never; ofType: { kind: 'SCALAR'; name: 'String'; ofType: null } };
        };
      };
      stale: { name: 'stale'; type: { kind: 'SCALAR'; name: 'Boolean'; ofType: null } };
      syncedAt: { name: 'syncedAt'; type: { kind: 'SCALAR'; name: 'DateTime'; ofType: null } };
      vendor: { name: 'vendor'; type: { kind: 'ENUM'; name: 'Vendor'; ofType: null } };
      version: { name: 'version'; type: { kind: 'SCALAR'; name: 'String'; ofType: null } };
    };
  };
  CpanelService: { name: 'CpanelService'; enumValues: 'CPANELD' | 'WEBMAILD' | 'WHOSTMGRD' };
  CreateAkamaiCustomProviderInput: {
    kind: 'INPUT_OBJECT';
    name: 'CreateAkamaiCustomProviderInput';
    isOneOf: false;
    inputFields: [
      {
        name: 'attributeMap';
        type: {
          kind: 'LIST';
          name: never;
          ofType: { kind: 'NON_NULL'; name: never; ofType: { kind: 'INPUT_OBJECT'; name: 'AkamaiAttributeMappingInput'; ofType: null } };
        };
        defaultValue: null;
      },
      {
        name: 'authUrl';
        type: { kind: 'NON_NULL'; name: never; ofType: { kind: 'SCALAR'; name: 'String'; ofType: null } };
        defaultValue: null;
      },
      { name: 'authnContext'; type: { kind: 'SCALAR'; name: 'JSON'; ofType: null }; defaultValue: null },
      { name: 'clientId'; type: { kind: 'SCALAR'; name: 'String'; ofType: null }; defaultValue: null },
      { name: 'clientSecret'; type: { kind: 'SCALAR'; name: 'String'; ofType: null }; defaultValue: null },
      {
        name: 'connectionId';
        type: { kind: 'NON_NULL'; name: never; ofType: { kind: 'SCALAR'; name: 'String'; ofType: null } };
        defaultValue: null;
      },
      { name: 'dryRun'; type: { kind: 'SCALAR'; name: 'Boolean'; ofType: null }; defaultValue: null },
      { name: 'expectedVersion'; type: { kind: 'SCALAR'; name: 'String'; ofType: null }; defaultValue: null },
      { name: 'idempotencyKey'; type: { kind: 'SCALAR'; name: 'String'; ofType: null }; defaultValue: null },
      { name: 'identifierAttribute'; type: { kind: 'SCALAR'; name: 'String'; ofType: null }; defaultValue: null },
      { name: 'idpCertificate'; type: { kind: 'SCALAR'; name: 'String'; ofType: null }; defaultValue: null },
      {
        name: 'idpCertificateChain';
        type: {
          kind: 'LIST';
          name: never;
          ofType: { kind: 'NON_NULL'; name: never; ofType: { kind: 'SCALAR'; name: 'String'; ofType: null } };
        };
        defaultValue: null;
      },
      { name: 'profileUrl'; type: { kind: 'SCALAR'; name: 'String'; ofType: null }; defaultValue: null },
      {
        name: 'protocol';
        type: { kind: 'NON_NULL'; name: never; ofType: { kind: 'ENUM'; name: 'AkamaiProtocol'; ofType: null } };
        defaultValue: null;
      },
      {
        name: 'scopes';
        type: {
          kind: 'LIST';
          name: never;
          ofType: { kind: 'NON_NULL'; name: never; ofType: { kind: 'SCALAR'; name: 'String'; ofType: null } };
        };
        defaultValue: null;
      },
      {
        name: 'title';
        type: { kind: 'NON_NULL'; name: never; ofType: { kind: 'SCALAR'; name: 'String'; ofType: null } };
        defaultValue: null;
      },
      { name: 'tokenAuthMethod'; type: { kind: 'ENUM'; name: 'AkamaiTokenAuthMethod'; ofType: null }; defaultValue: null },
      { name: 'tokenUrl'; type: { kind: 'SCALAR'; name: 'String'; ofType: null }; defaultValue: null },
      { name: 'ui'; type: { kind: 'INPUT_OBJECT'; name: 'AkamaiProviderUiInput'; ofType: null }; defaultValue: null },
    ];
  };
  CreateAkamaiCustomProviderPayload: {
    kind: 'OBJECT';
    name: 'CreateAkamaiCustomProviderPayload';
    fields: {
      auditEvent: { name: 'auditEvent'; type: { kind: 'OBJECT'; name: 'AuditEvent'; ofType: null } };
      changes: {
        name: 'changes';
        type: {
          kind: 'LIST';
          name: never;
          ofType: { kind: 'NON_NULL'; name: never; ofType: { kind: 'OBJECT'; name: 'FieldChange'; ofType: null } };
        };
      };
      dryRun: { name: 'dryRun'; type: { kind: 'SCALAR'; name: 'Boolean'; ofType: null } };
      provider: { name: 'provider'; type: { kind: 'UNION'; name: 'IdentityProvider'; ofType: null } };
      replayed: { name: 'replayed'; type: { kind: 'SCALAR'; name: 'Boolean'; ofType: null } };
      vendorRequests: {
        name: 'vendorRequests';
        type: {
          kind: 'LIST';
          name: never;
          ofType: { kind: 'NON_NULL'; name: never; ofType: { kind: 'OBJECT'; name: 'PlannedVendorRequest'; ofType: null } };
        };
      };
    };
  };
  CreateAkamaiCustomProviderResult: {
    kind: 'UNION';
    name: 'CreateAkamaiCustomProviderResult';
    fields: {};
    possibleTypes:
      | 'ChangeInProgressError'
      | 'CreateAkamaiCustomProviderPayload'
      | 'ForbiddenError'
      | 'IdempotencyInProgressError'
      | 'IdempotencyKeyReuseError'
      | 'MutationInterruptedError'
      | 'NotFoundError'
      | 'OutcomePendingError'
      | 'StoreUnavailableError'
      | 'ValidationError'
      | 'VendorError'
      | 'VersionConflictError';
  };
  CreateHuaweiIdentityProviderInput: {
    kind: 'INPUT_OBJECT';
    name: 'CreateHuaweiIdentityProviderInput';
    isOneOf: false;
    inputFields: [
      {
        name: 'accessMode';
        type: { kind: 'NON_NULL'; name: never; ofType: { kind: 'ENUM'; name: 'HuaweiAccessMode'; ofType: null } };
        defaultValue: null;
      },
      { name: 'authorizationEndpoint'; type: { kind: 'SCALAR'; name: 'String'; ofType: null }; defaultValue: null },
      {
        name: 'clientId';
        type: { kind: 'NON_NULL'; name: never; ofType: { kind: 'SCALAR'; name: 'String'; ofType: null } };
        defaultValue: null;
      },
      {
        name: 'connectionId';
        type: { kind: 'NON_NULL'; name: never; ofType: { kind: 'SCALAR'; name: 'String'; ofType: null } };
        defaultValue: null;
      },
      { name: 'description'; type: { kind: 'SCALAR'; name: 'String'; ofType: null }; defaultValue: null },
      { name: 'dryRun'; type: { kind: 'SCALAR'; name: 'Boolean'; ofType: null }; defaultValue: null },
      { name: 'enabled'; type: { kind: 'SCALAR'; name: 'Boolean'; ofType: null }; defaultValue: null },
      { name: 'expectedVersion'; type: { kind: 'SCALAR'; name: 'String'; ofType: null }; defaultValue: null },
      { name: 'idempotencyKey'; type: { kind: 'SCALAR'; name: 'String'; ofType: null }; defaultValue: null },
      {
        name: 'idpUrl';
        type: { kind: 'NON_NULL'; name: never; ofType: { kind: 'SCALAR'; name: 'String'; ofType: null } };
        defaultValue: null;
      },
      {
        name: 'name';
        type: { kind: 'NON_NULL'; name: never; ofType: { kind: 'SCALAR'; name: 'String'; ofType: null } };
        defaultValue: null;
      },
      { name: 'responseMode'; type: { kind: 'ENUM'; name: 'HuaweiResponseMode'; ofType: null }; defaultValue: null },
      { name: 'responseType'; type: { kind: 'ENUM'; name: 'HuaweiResponseType'; ofType: null }; defaultValue: null },
      { name: 'scope'; type: { kind: 'SCALAR'; name: 'String'; ofType: null }; defaultValue: null },
      {
        name: 'signingKey';
        type: { kind: 'NON_NULL'; name: never; ofType: { kind: 'SCALAR'; name: 'String'; ofType: null } };
        defaultValue: null;
      },
      { name: 'ssoType'; type: { kind: 'ENUM'; name: 'HuaweiSsoType'; ofType: null }; defaultValue: null },
    ];
  };
  CreateHuaweiIdentityProviderPayload: {
    kind: 'OBJECT';
    name: 'CreateHuaweiIdentityProviderPayload';
    fields: {
      auditEvent: { name: 'auditEvent'; type: { kind: 'OBJECT'; name: 'AuditEvent'; ofType: null } };
      changes: {
        name: 'changes';
        type: {
          kind: 'LIST';
          name: never;
          ofType: { kind: 'NON_NULL'; name: never; ofType: { kind: 'OBJECT'; name: 'FieldChange'; ofType: null } };
        };
      };
      dryRun: { name: 'dryRun'; type: { kind: 'SCALAR'; name: 'Boolean'; ofType: null } };
      provider: { name: 'provider'; type: { kind: 'UNION'; name: 'IdentityProvider'; ofType: null } };
      replayed: { name: 'replayed'; type: { kind: 'SCALAR'; name: 'Boolean'; ofType: null } };
      vendorRequests: {
        name: 'vendorRequests';
        type: {
          kind: 'LIST';
          name: never;
          ofType: { kind: 'NON_NULL'; name: never; ofType: { kind: 'OBJECT'; name: 'PlannedVendorRequest'; ofType: null } };
        };
      };
    };
  };
  CreateHuaweiIdentityProviderResult: {
    kind: 'UNION';
    name: 'CreateHuaweiIdentityProviderResult';
    fields: {};
    possibleTypes:
      | 'ChangeInProgressError'
      | 'CreateHuaweiIdentityProviderPayload'
      | 'ForbiddenError'
      | 'IdempotencyInProgressError'
      | 'IdempotencyKeyReuseError'
      | 'MutationInterruptedError'
      | 'NotFoundError'
      | 'OutcomePendingError'
      | 'StoreUnavailableError'
      | 'ValidationError'
      | 'VendorError'
      | 'VersionConflictError';
  };
  CreateSlashIdOidcCredentialInput: {
    kind: 'INPUT_OBJECT';
    name: 'CreateSlashIdOidcCredentialInput';
    isOneOf: false;
    inputFields: [
      {
        name: 'clientId';
        type: { kind: 'NON_NULL'; name: never; ofType: { kind: 'SCALAR'; name: 'String'; ofType: null } };
        defaultValue: null;
      },
      {
        name: 'clientSecret';
        type: { kind: 'NON_NULL'; name: never; ofType: { kind: 'SCALAR'; name: 'String'; ofType: null } };
        defaultValue: null;
      },
      {
        name: 'connectionId';
        type: { kind: 'NON_NULL'; name: never; ofType: { kind: 'SCALAR'; name: 'String'; ofType: null } };
        defaultValue: null;
      },
      { name: 'dryRun'; type: { kind: 'SCALAR'; name: 'Boolean'; ofType: null }; defaultValue: null },
      { name: 'enableInSlashidOidcAuthzServer'; type: { kind: 'SCALAR'; name: 'Boolean'; ofType: null }; defaultValue: null },
      { name: 'expectedVersion'; type: { kind: 'SCALAR'; name: 'String'; ofType: null }; defaultValue: null },
      { name: 'externalCredId'; type: { kind: 'SCALAR'; name: 'String'; ofType: null }; defaultValue: null },
      { name: 'idempotencyKey'; type: { kind: 'SCALAR'; name: 'String'; ofType: null }; defaultValue: null },
      { name: 'label'; type: { kind: 'SCALAR'; name: 'String'; ofType: null }; defaultValue: null },
      { name: 'options'; type: { kind: 'INPUT_OBJECT'; name: 'SlashIdProviderOptionsInput'; ofType: null }; defaultValue: null },
      {
        name: 'provider';
        type: { kind: 'NON_NULL'; name: never; ofType: { kind: 'ENUM'; name: 'SlashIdOAuthProvider'; ofType: null } };
        defaultValue: null;
      },
      { name: 'requiredConsistency'; type: { kind: 'ENUM'; name: 'SlashIdConsistency'; ofType: null }; defaultValue: null },
      { name: 'requiredConsistencyTimeout'; type: { kind: 'SCALAR'; name: 'Int'; ofType: null }; defaultValue: null },
    ];
  };
  CreateSlashIdOidcCredentialPayload: {
    kind: 'OBJECT';
    name: 'CreateSlashIdOidcCredentialPayload';
    fields: {
      auditEvent: { name: 'auditEvent'; type: { kind: 'OBJECT'; name: 'AuditEvent'; ofType: null } };
      changes: {
        name: 'changes';
        type: {
          kind: 'LIST';
          name: never;
          ofType: { kind: 'NON_NULL'; name: never; ofType: { kind: 'OBJECT'; name: 'FieldChange'; ofType: null } };
        };
      };
      dryRun: { name: 'dryRun'; type: { kind: 'SCALAR'; name: 'Boolean'; ofType: null } };
      provider: { name: 'provider'; type: { kind: 'UNION'; name: 'IdentityProvider'; ofType: null } };
      replayed: { name: 'replayed'; type: { kind: 'SCALAR'; name: 'Boolean'; ofType: null } };
      vendorRequests: {
        name: 'vendorRequests';
        type: {
          kind: 'LIST';
          name: never;
          ofType: { kind: 'NON_NULL'; name: never; ofType: { kind: 'OBJECT'; name: 'PlannedVendorRequest'; ofType: null } };
        };
      };
    };
  };
  CreateSlashIdOidcCredentialResult: {
    kind: 'UNION';
    name: 'CreateSlashIdOidcCredentialResult';
    fields: {};
    possibleTypes:
      | 'ChangeInProgressError'
      | 'CreateSlashIdOidcCredentialPayload'
      | 'ForbiddenError'
      | 'IdempotencyInProgressError'
      | 'IdempotencyKeyReuseError'
      | 'MutationInterruptedError'
      | 'NotFoundError'
      | 'OutcomePendingError'
      | 'StoreUnavailableError'
      | 'ValidationError'
      | 'VendorError'
      | 'VersionConflictError';
  };
  CreateTwoSmsIdentityProviderInput: {
    kind: 'INPUT_OBJECT';
    name: 'CreateTwoSmsIdentityProviderInput';
    isOneOf: false;
    inputFields: [
      { name: 'certificate'; type: { kind: 'SCALAR'; name: 'String'; ofType: null }; defaultValue: null },
      {
        name: 'connectionId';
        type: { kind: 'NON_NULL'; name: never; ofType: { kind: 'SCALAR'; name: 'String'; ofType: null } };
        defaultValue: null;
      },
      { name: 'dryRun'; type: { kind: 'SCALAR'; name: 'Boolean'; ofType: null }; defaultValue: null },
      { name: 'expectedVersion'; type: { kind: 'SCALAR'; name: 'String'; ofType: null }; defaultValue: null },
      { name: 'idempotencyKey'; type: { kind: 'SCALAR'; name: 'String'; ofType: null }; defaultValue: null },
      {
        name: 'loginUrl';
        type: { kind: 'NON_NULL'; name: never; ofType: { kind: 'SCALAR'; name: 'String'; ofType: null } };
        defaultValue: null;
      },
      {
        name: 'logoutUrl';
        type: { kind: 'NON_NULL'; name: never; ofType: { kind: 'SCALAR'; name: 'String'; ofType: null } };
        defaultValue: null;
      },
      {
        name: 'name';
        type: { kind: 'NON_NULL'; name: never; ofType: { kind: 'SCALAR'; name: 'String'; ofType: null } };
        defaultValue: null;
      },
      {
        name: 'provider';
        type: { kind: 'NON_NULL'; name: never; ofType: { kind: 'SCALAR'; name: 'String'; ofType: null } };
        defaultValue: null;
      },
    ];
  };
  CreateTwoSmsIdentityProviderPayload: {
    kind: 'OBJECT';
    name: 'CreateTwoSmsIdentityProviderPayload';
    fields: {
      auditEvent: { name: 'auditEvent'; type: { kind: 'OBJECT'; name: 'AuditEvent'; ofType: null } };
      changes: {
        name: 'changes';
        type: {
          kind: 'LIST';
          name: never;
          ofType: { kind: 'NON_NULL'; name: never; ofType: { kind: 'OBJECT'; name: 'FieldChange'; ofType: null } };
        };
      };
      dryRun: { name: 'dryRun'; type: { kind: 'SCALAR'; name: 'Boolean'; ofType: null } };
      provider: { name: 'provider'; type: { kind: 'UNION'; name: 'IdentityProvider'; ofType: null } };
      replayed: { name: 'replayed'; type: { kind: 'SCALAR'; name: 'Boolean'; ofType: null } };
      vendorRequests: {
        name: 'vendorRequests';
        type: {
          kind: 'LIST';
          name: never;
          ofType: { kind: 'NON_NULL'; name: never; ofType: { kind: 'OBJECT'; name: 'PlannedVendorRequest'; ofType: null } };
        };
      };
    };
  };
  CreateTwoSmsIdentityProviderResult: {
    kind: 'UNION';
    name: 'CreateTwoSmsIdentityProviderResult';
    fields: {};
    possibleTypes:
      | 'ChangeInProgressError'
      | 'CreateTwoSmsIdentityProviderPayload'
      | 'ForbiddenError'
      | 'IdempotencyInProgressError'
      | 'IdempotencyKeyReuseError'
      | 'MutationInterruptedError'
      | 'NotFoundError'
      | 'OutcomePendingError'
      | 'StoreUnavailableError'
      | 'ValidationError'
      | 'VendorError'
      | 'VersionConflictError';
  };
  DateTime: unknown;
  DeleteHuaweiIdentityProviderInput: {
    kind: 'INPUT_OBJECT';
    name: 'DeleteHuaweiIdentityProviderInput';
    isOneOf: false;
    inputFields: [
      { name: 'dryRun'; type: { kind: 'SCALAR'; name: 'Boolean'; ofType: null }; defaultValue: null },
      { name: 'expectedVersion'; type: { kind: 'SCALAR'; name: 'String'; ofType: null }; defaultValue: null },
      { name: 'id'; type: { kind: 'NON_NULL'; name: never; ofType: { kind: 'SCALAR'; name: 'ID'; ofType: null } }; defaultValue: null },
      { name: 'idempotencyKey'; type: { kind: 'SCALAR'; name: 'String'; ofType: null }; defaultValue: null },
    ];
  };
  DeleteHuaweiIdentityProviderPayload: {
    kind: 'OBJECT';
    name: 'DeleteHuaweiIdentityProviderPayload';
    fields: {
      auditEvent: { name: 'auditEvent'; type: { kind: 'OBJECT'; name: 'AuditEvent'; ofType: null } };
      changes: {
        name: 'changes';
        type: {
          kind: 'LIST';
          name: never;
          ofType: { kind: 'NON_NULL'; name: never; ofType: { kind: 'OBJECT'; name: 'FieldChange'; ofType: null } };
        };
      };
      dryRun: { name: 'dryRun'; type: { kind: 'SCALAR'; name: 'Boolean'; ofType: null } };
      provider: { name: 'provider'; type: { kind: 'UNION'; name: 'IdentityProvider'; ofType: null } };
      replayed: { name: 'replayed'; type: { kind: 'SCALAR'; name: 'Boolean'; ofType: null } };
      vendorRequests: {
        name: 'vendorRequests';
        type: {
          kind: 'LIST';
          name: never;
          ofType: { kind: 'NON_NULL'; name: never; ofType: { kind: 'OBJECT'; name: 'PlannedVendorRequest'; ofType: null } };
        };
      };
    };
  };
  DeleteHuaweiIdentityProviderResult: {
    kind: 'UNION';
    name: 'DeleteHuaweiIdentityProviderResult';
    fields: {};
    possibleTypes:
      | 'ChangeInProgressError'
      | 'DeleteHuaweiIdentityProviderPayload'
      | 'ForbiddenError'
      | 'IdempotencyInProgressError'
      | 'IdempotencyKeyReuseError'
      | 'MutationInterruptedError'
      | 'NotFoundError'
      | 'OutcomePendingError'
      | 'StoreUnavailableError'
      | 'ValidationError'
      | 'VendorError'
      | 'VersionConflictError';
  };
  DeleteSlashIdOidcCredentialInput: {
    kind: 'INPUT_OBJECT';
    name: 'DeleteSlashIdOidcCredentialInput';
    isOneOf: false;
    inputFields: [
      { name: 'dryRun'; type: { kind: 'SCALAR'; name: 'Boolean'; ofType: null }; defaultValue: null },
      { name: 'expectedVersion'; type: { kind: 'SCALAR'; name: 'String'; ofType: null }; defaultValue: null },
      { name: 'id'; type: { kind: 'NON_NULL'; name: never; ofType: { kind: 'SCALAR'; name: 'ID'; ofType: null } }; defaultValue: null },
      { name: 'idempotencyKey'; type: { kind: 'SCALAR'; name: 'String'; ofType: null }; defaultValue: null },
      { name: 'requiredConsistency'; type: { kind: 'ENUM'; name: 'SlashIdConsistency'; ofType: null }; defaultValue: null },
      { name: 'requiredConsistencyTimeout'; type: { kind: 'SCALAR'; name: 'Int'; ofType: null }; defaultValue: null },
    ];
  };
  DeleteSlashIdOidcCredentialPayload: {
    kind: 'OBJECT';
    name: 'DeleteSlashIdOidcCredentialPayload';
    fields: {
      auditEvent: { name: 'auditEvent'; type: { kind: 'OBJECT'; name: 'AuditEvent'; ofType: null } };
      changes: {
        name: 'changes';
        type: {
          kind: 'LIST';
          name: never;
          ofType: { kind: 'NON_NULL'; name: never; ofType: { kind: 'OBJECT'; name: 'FieldChange'; ofType: null } };
        };
      };
      dryRun: { name: 'dryRun'; type: { kind: 'SCALAR'; name: 'Boolean'; ofType: null } };
      provider: { name: 'provider'; type: { kind: 'UNION'; name: 'IdentityProvider'; ofType: null } };
      replayed: { name: 'replayed'; type: { kind: 'SCALAR'; name: 'Boolean'; ofType: null } };
      vendorRequests: {
        name: 'vendorRequests';
        type: {
          kind: 'LIST';
          name: never;
          ofType: { kind: 'NON_NULL'; name: never; ofType: { kind: 'OBJECT'; name: 'PlannedVendorRequest'; ofType: null } };
        };
      };
    };
  };
  DeleteSlashIdOidcCredentialResult: {
    kind: 'UNION';
    name: 'DeleteSlashIdOidcCredentialResult';
    fields: {};
    possibleTypes:
      | 'ChangeInProgressError'
      | 'DeleteSlashIdOidcCredentialPayload'
      | 'ForbiddenError'
      | 'IdempotencyInProgressError'
      | 'IdempotencyKeyReuseError'
      | 'MutationInterruptedError'
      | 'NotFoundError'
      | 'OutcomePendingError'
      | 'StoreUnavailableError'
      | 'ValidationError'
      | 'VendorError'
      | 'VersionConflictError';
  };
  DeleteTwoSmsIdentityProviderInput: {
    kind: 'INPUT_OBJECT';
    name: 'DeleteTwoSmsIdentityProviderInput';
    isOneOf: false;
    inputFields: [
      { name: 'dryRun'; type: { kind: 'SCALAR'; name: 'Boolean'; ofType: null }; defaultValue: null },
      { name: 'expectedVersion'; type: { kind: 'SCALAR'; name: 'String'; ofType: null }; defaultValue: null },
      { name: 'id'; type: { kind: 'NON_NULL'; name: never; ofType: { kind: 'SCALAR'; name: 'ID'; ofType: null } }; defaultValue: null },
      { name: 'idempotencyKey'; type: { kind: 'SCALAR'; name: 'String'; ofType: null }; defaultValue: null },
    ];
  };
  DeleteTwoSmsIdentityProviderPayload: {
    kind: 'OBJECT';
    name: 'DeleteTwoSmsIdentityProviderPayload';
    fields: {
      auditEvent: { name: 'auditEvent'; type: { kind: 'OBJECT'; name: 'AuditEvent'; ofType: null } };
      changes: {
        name: 'changes';
        type: {
          kind: 'LIST';
          name: never;
          ofType: { kind: 'NON_NULL'; name: never; ofType: { kind: 'OBJECT'; name: 'FieldChange'; ofType: null } };
        };
      };
      dryRun: { name: 'dryRun'; type: { kind: 'SCALAR'; name: 'Boolean'; ofType: null } };
      provider: { name: 'provider'; type: { kind: 'UNION'; name: 'IdentityProvider'; ofType: null } };
      replayed: { name: 'replayed'; type: { kind: 'SCALAR'; name: 'Boolean'; ofType: null } };
      vendorRequests: {
        name: 'vendorRequests';
        type: {
          kind: 'LIST';
          name: never;
          ofType: { kind: 'NON_NULL'; name: never; ofType: { kind: 'OBJECT'; name: 'PlannedVendorRequest'; ofType: null } };
        };
      };
    };
  };
  DeleteTwoSmsIdentityProviderResult: {
    kind: 'UNION';
    name: 'DeleteTwoSmsIdentityProviderResult';
    fields: {};
    possibleTypes:
      | 'ChangeInProgressError'
      | 'DeleteTwoSmsIdentityProviderPayload'
      | 'ForbiddenError'
      | 'IdempotencyInProgressError'
      | 'IdempotencyKeyReuseError'
      | 'MutationInterruptedError'
      | 'NotFoundError'
      | 'OutcomePendingError'
      | 'StoreUnavailableError'
      | 'ValidationError'
      | 'VendorError'
      | 'VersionConflictError';
  };
  DriftKind: { name: 'DriftKind'; enumValues: 'CHANGED' | 'CREATED' | 'DELETED' };
  DriftReport: {
    kind: 'OBJECT';
    name: 'DriftReport';
    fields: {
      checkedAt: { name: 'checkedAt'; type: { kind: 'SCALAR'; name: 'DateTime'; ofType: null } };
      connectionId: { name: 'connectionId'; type: { kind: 'SCALAR'; name: 'String'; ofType: null } };
      drifted: { name: 'drifted'; type: { kind: 'SCALAR'; name: 'Boolean'; ofType: null } };
      lastSyncedAt: { name: 'lastSyncedAt'; type: { kind: 'SCALAR'; name: 'DateTime'; ofType: null } };
      providers: {
        name: 'providers';
        type: {
          kind: 'LIST';
          name: never;
          ofType: { kind: 'NON_NULL'; name: never; ofType: { kind: 'OBJECT'; name: 'ProviderDrift'; ofType: null } };
        };
      };
      vendor: { name: 'vendor'; type: { kind: 'ENUM'; name: 'Vendor'; ofType: null } };
    };
  };
  Error: {
    kind: 'INTERFACE';
    name: 'Error';
    fields: {
      auditEvent: { name: 'auditEvent'; type: { kind: 'OBJECT'; name: 'AuditEvent'; ofType: null } };
      message: { name: 'message'; type: { kind: 'SCALAR'; name: 'String'; ofType: null } };
    };
    possibleTypes:
      | 'ChangeInProgressError'
      | 'EstateDocumentError'
      | 'EstatePlanMovedError'
      | 'ForbiddenError'
      | 'IdempotencyInProgressError'
      | 'IdempotencyKeyReuseError'
      | 'MutationInterruptedError'
      | 'NotFoundError'
      | 'OutcomePendingError'
      | 'StoreUnavailableError'
      | 'ValidationError'
      | 'VendorError'
      | 'VersionConflictError';
  };
  EstateAction: { name: 'EstateAction'; enumValues: 'CREATE' | 'DELETE' | 'NO_OP' | 'UNMANAGED' | 'UPDATE' };
  EstateApplyItem: {
    kind: 'OBJECT';
    name: 'EstateApplyItem';
    fields: {
      action: { name: 'action'; type: { kind: 'ENUM'; name: 'EstateAction'; ofType: null } };
      auditEvents: {
        name: 'auditEvents';
        type: {
          kind: 'LIST';
          name: never;
          ofType: { kind: 'NON_NULL'; name: never; ofType: { kind: 'OBJECT'; name: 'AuditEvent'; ofType: null } };
        };
      };
      connectionId: { name: 'connectionId'; type: { kind: 'SCALAR'; name: 'String'; ofType: null } };
      documentPath: { name: 'documentPath'; type: { kind: 'SCALAR'; name: 'String'; ofType: null } };
      error: { name: 'error'; type: { kind: 'OBJECT'; name: 'BatchChangeError'; ofType: null } };
      key: { name: 'key'; type: { kind: 'SCALAR'; name: 'String'; ofType: null } };
      status: { name: 'status'; type: { kind: 'ENUM'; name: 'EstateApplyStatus'; ofType: null } };
    };
  };
  EstateApplyReport: {
    kind: 'OBJECT';
    name: 'EstateApplyReport';
    fields: {
      changeSetId: { name: 'changeSetId'; type: { kind: 'SCALAR'; name: 'ID'; ofType: null } };
      items: {
        name: 'items';
        type: {
          kind: 'LIST';
          name: never;
          ofType: { kind: 'NON_NULL'; name: never; ofType: { kind: 'OBJECT'; name: 'EstateApplyItem'; ofType: null } };
        };
      };
      succeeded: { name: 'succeeded'; type: { kind: 'SCALAR'; name: 'Boolean'; ofType: null } };
    };
  };
  EstateApplyStatus: { name: 'EstateApplyStatus'; enumValues: 'APPLIED' | 'FAILED' | 'NOT_ATTEMPTED' | 'UNCHANGED' };
  EstateDocumentError: {
    kind: 'OBJECT';
    name: 'EstateDocumentError';
    fields: {
      auditEvent: { name: 'auditEvent'; type: { kind: 'OBJECT'; name: 'AuditEvent'; ofType: null } };
      message: { name: 'message'; type: { kind: 'SCALAR'; name: 'String'; ofType: null } };
      problems: {
        name: 'problems';
        type: {
          kind: 'LIST';
          name: never;
          ofType: { kind: 'NON_NULL'; name: never; ofType: { kind: 'OBJECT'; name: 'EstateProblem'; ofType: null } };
        };
      };
    };
  };
  EstateExport: {
    kind: 'OBJECT';
    name: 'EstateExport';
    fields: {
      json: { name: 'json'; type: { kind: 'SCALAR'; name: 'JSON'; ofType: null } };
      providerCount: { name: 'providerCount'; type: { kind: 'SCALAR'; name: 'Int'; ofType: null } };
      yaml: { name: 'yaml'; type: { kind: 'SCALAR'; name: 'String'; ofType: null } };
    };
  };
  EstateMovedTarget: {
    kind: 'OBJECT';
    name: 'EstateMovedTarget';
    fields: {
      connectionId: { name: 'connectionId'; type: { kind: 'SCALAR'; name: 'String'; ofType: null } };
      currentVersion: { name: 'currentVersion'; type: { kind: 'SCALAR'; name: 'String'; ofType: null } };
      key: { name: 'key'; type: { kind: 'SCALAR'; name: 'String'; ofType: null } };
      plannedVersion: { name: 'plannedVersion'; type: { kind: 'SCALAR'; name: 'String'; ofType: null } };
    };
  };
  EstatePlan: {
    kind: 'OBJECT';
    name: 'EstatePlan';
    fields: {
      createdAt: { name: 'createdAt'; type: { kind: 'SCALAR'; name: 'DateTime'; ofType: null } };
      expiresAt: { name: 'expiresAt'; type: { kind: 'SCALAR'; name: 'DateTime'; ofType: null } };
      fromCache: { name: 'fromCache'; type: { kind: 'SCALAR'; name: 'Boolean'; ofType: null } };
      hasChanges: { name: 'hasChanges'; type: { kind: 'SCALAR'; name: 'Boolean'; ofType: null } };
      id: { name: 'id'; type: { kind: 'SCALAR'; name: 'ID'; ofType: null } };
      items: {
        name: 'items';
        type: {
          kind: 'LIST';
          name: never;
          ofType: { kind: 'NON_NULL'; name: never; ofType: { kind: 'OBJECT'; name: 'EstatePlanItem'; ofType: null } };
        };
      };
      snapshotAgeSeconds: { name: 'snapshotAgeSeconds'; type: { kind: 'SCALAR'; name: 'Int'; ofType: null } };
      summary: { name: 'summary'; type: { kind: 'OBJECT'; name: 'EstatePlanSummary'; ofType: null } };
    };
  };
  EstatePlanItem: {
    kind: 'OBJECT';
    name: 'EstatePlanItem';
    fields: {
      action: { name: 'action'; type: { kind: 'ENUM'; name: 'EstateAction'; ofType: null } };
      changes: {
        name: 'changes';
        type: {
          kind: 'LIST';
          name: never;
          ofType: { kind: 'NON_NULL'; name: never; ofType: { kind: 'OBJECT'; name: 'FieldChange'; ofType: null } };
        };
      };
      connectionId: { name: 'connectionId'; type: { kind: 'SCALAR'; name: 'String'; ofType: null } };
      documentPath: { name: 'documentPath'; type: { kind: 'SCALAR'; name: 'String'; ofType: null } };
      key: { name: 'key'; type: { kind: 'SCALAR'; name: 'String'; ofType: null } };
      operations: {
        name: 'operations';
        type: {
          kind: 'LIST';
          name: never;
          ofType: { kind: 'NON_NULL'; name: never; ofType: { kind: 'SCALAR'; name: 'String'; ofType: null } };
        };
      };
      vendor: { name: 'vendor'; type: { kind: 'ENUM'; name: 'Vendor'; ofType: null } };
      vendorRequests: {
        name: 'vendorRequests';
        type: {
          kind: 'LIST';
          name: never;
          ofType: { kind: 'NON_NULL'; name: never; ofType: { kind: 'OBJECT'; name: 'PlannedVendorRequest'; ofType: null } };
        };
      };
      version: { name: 'version'; type: { kind: 'SCALAR'; name: 'String'; ofType: null } };
      warnings: {
        name: 'warnings';
        type: {
          kind: 'LIST';
          name: never;
          ofType: { kind: 'NON_NULL'; name: never; ofType: { kind: 'SCALAR'; name: 'String'; ofType: null } };
        };
      };
    };
  };
  EstatePlanMovedError: {
    kind: 'OBJECT';
    name: 'EstatePlanMovedError';
    fields: {
      auditEvent: { name: 'auditEvent'; type: { kind: 'OBJECT'; name: 'AuditEvent'; ofType: null } };
      message: { name: 'message'; type: { kind: 'SCALAR'; name: 'String'; ofType: null } };
      moved: {
        name: 'moved';
        type: {
          kind: 'LIST';
          name: never;
          ofType: { kind: 'NON_NULL'; name: never; ofType: { kind: 'OBJECT'; name: 'EstateMovedTarget'; ofType: null } };
        };
      };
    };
  };
  EstatePlanSummary: {
    kind: 'OBJECT';
    name: 'EstatePlanSummary';
    fields: {
      creates: { name: 'creates'; type: { kind: 'SCALAR'; name: 'Int'; ofType: null } };
      deletes: { name: 'deletes'; type: { kind: 'SCALAR'; name: 'Int'; ofType: null } };
      unchanged: { name: 'unchanged'; type: { kind: 'SCALAR'; name: 'Int'; ofType: null } };
      unmanaged: { name: 'unmanaged'; type: { kind: 'SCALAR'; name: 'Int'; ofType: null } };
      updates: { name: 'updates'; type: { kind: 'SCALAR'; name: 'Int'; ofType: null } };
    };
  };
  EstateProblem: {
    kind: 'OBJECT';
    name: 'EstateProblem';
    fields: {
      column: { name: 'column'; type: { kind: 'SCALAR'; name: 'Int'; ofType: null } };
      line: { name: 'line'; type: { kind: 'SCALAR'; name: 'Int'; ofType: null } };
      message: { name: 'message'; type: { kind: 'SCALAR'; name: 'String'; ofType: null } };
      path: { name: 'path'; type: { kind: 'SCALAR'; name: 'String'; ofType: null } };
    };
  };
  EstateSecretInput: {
    kind: 'INPUT_OBJECT';
    name: 'EstateSecretInput';
    isOneOf: false;
    inputFields: [
      {
        name: 'reference';
        type: { kind: 'NON_NULL'; name: never; ofType: { kind: 'SCALAR'; name: 'String'; ofType: null } };
        defaultValue: null;
      },
      {
        name: 'value';
        type: { kind: 'NON_NULL'; name: never; ofType: { kind: 'SCALAR'; name: 'String'; ofType: null } };
        defaultValue: null;
      },
    ];
  };
  FieldChange: {
    kind: 'OBJECT';
    name: 'FieldChange';
    fields: {
      after: { name: 'after'; type: { kind: 'SCALAR'; name: 'JSON'; ofType: null } };
      before: { name: 'before'; type: { kind: 'SCALAR'; name: 'JSON'; ofType: null } };
      path: { name: 'path'; type: { kind: 'SCALAR'; name: 'String'; ofType: null } };
      secret: { name: 'secret'; type: { kind: 'SCALAR'; name: 'Boolean'; ofType: null } };
    };
  };
  FieldError: {
    kind: 'OBJECT';
    name: 'FieldError';
    fields: {
      message: { name: 'message'; type: { kind: 'SCALAR'; name: 'String'; ofType: null } };
      path: {
        name: 'path';
        type: {
          kind: 'LIST';
          name: never;
          ofType: { kind: 'NON_NULL'; name: never; ofType: { kind: 'SCALAR'; name: 'String'; ofType: null } };
        };
      };
    };
  };
  Float: unknown;
  ForbiddenError: {
    kind: 'OBJECT';
    name: 'ForbiddenError';
    fields: {
      auditEvent: { name: 'auditEvent'; type: { kind: 'OBJECT'; name: 'AuditEvent'; ofType: null } };
      message: { name: 'message'; type: { kind: 'SCALAR'; name: 'String'; ofType: null } };
      requiredRole: { name: 'requiredRole'; type: { kind: 'ENUM'; name: 'Role'; ofType: null } };
    };
  };
  HuaweiAccessMode: { name: 'HuaweiAccessMode'; enumValues: 'PROGRAM' | 'PROGRAM_CONSOLE' };
  HuaweiIdentityProvider: {
    kind: 'OBJECT';
    name: 'HuaweiIdentityProvider';
    fields: {
      clientId: { name: 'clientId'; type: { kind: 'SCALAR'; name: 'String'; ofType: null } };
      connectionId: { name: 'connectionId'; type: { kind: 'SCALAR'; name: 'String'; ofType: null } };
      description: { name: 'description'; type: { kind: 'SCALAR'; name: 'String'; ofType: null } };
      displayName: { name: 'displayName'; type: { kind: 'SCALAR'; name: 'String'; ofType: null } };
      enabled: { name: 'enabled'; type: { kind: 'SCALAR'; name: 'Boolean'; ofType: null } };
      hasClientSecret: { name: 'hasClientSecret'; type: { kind: 'SCALAR'; name: 'Boolean'; ofType: null } };
      id: { name: 'id'; type: { kind: 'NON_NULL'; name: never; ofType: { kind: 'SCALAR'; name: 'ID'; ofType: null } } };
      key: { name: 'key'; type: { kind: 'SCALAR'; name: 'String'; ofType: null } };
      oidcConfig: { name: 'oidcConfig'; type: { kind: 'OBJECT'; name: 'HuaweiOidcConfig'; ofType: null } };
      protocol: { name: 'protocol'; type: { kind: 'ENUM'; name: 'Protocol'; ofType: null } };
      protocols: {
        name: 'protocols';
        type: {
          kind: 'LIST';
          name: never;
          ofType: { kind: 'NON_NULL'; name: never; ofType: { kind: 'OBJECT'; name: 'HuaweiProtocol'; ofType: null } };
        };
      };
      remoteIds: {
        name: 'remoteIds';
        type: {
          kind: 'LIST';
          name: never;
          ofType: { kind: 'NON_NULL'; name: never; ofType: { kind: 'SCALAR'; name: 'String'; ofType: null } };
        };
      };
      ssoType: { name: 'ssoType'; type: { kind: 'ENUM'; name: 'HuaweiSsoType'; ofType: null } };
      stale: { name: 'stale'; type: { kind: 'SCALAR'; name: 'Boolean'; ofType: null } };
      syncedAt: { name: 'syncedAt'; type: { kind: 'SCALAR'; name: 'DateTime'; ofType: null } };
      vendor: { name: 'vendor'; type: { kind: 'ENUM'; name: 'Vendor'; ofType: null } };
      version: { name: 'version'; type: { kind: 'SCALAR'; name: 'String'; ofType: null } };
    };
  };
  HuaweiOidcConfig: {
    kind: 'OBJECT';
    name: 'HuaweiOidcConfig';
    fields: {
      accessMode: { name: 'accessMode'; type: { kind: 'ENUM'; name: 'HuaweiAccessMode'; ofType: null } };
      authorizationEndpoint: { name: 'authorizationEndpoint'; type: { kind: 'SCALAR'; name: 'String'; ofType: null } };
      clientId: { name: 'clientId'; type: { kind: 'SCALAR'; name: 'String'; ofType: null } };
      idpUrl: { name: 'idpUrl'; type: { kind: 'SCALAR'; name: 'String'; ofType: null } };
      responseMode: { name: 'responseMode'; type: { kind: 'ENUM'; name: 'HuaweiResponseMode'; ofType: null } };
      responseType: { name: 'responseType'; type: { kind: 'ENUM'; name: 'HuaweiResponseType'; ofType: null } };
      scope: { name: 'scope'; type: { kind: 'SCALAR'; name: 'String'; ofType: null } };
      signingKey: { name: 'signingKey'; type: { kind: 'SCALAR'; name: 'String'; ofType: null } };
    };
  };
  HuaweiProtocol: {
    kind: 'OBJECT';
    name: 'HuaweiProtocol';
    fields: {
      mappingId: { name: 'mappingId'; type: { kind: 'SCALAR'; name: 'String'; ofType: null } };
      protocolId: { name: 'protocolId'; type: { kind: 'SCALAR'; name: 'String'; ofType: null } };
    };
  };
  HuaweiResponseMode: { name: 'HuaweiResponseMode'; enumValues: 'FORM_POST' | 'FRAGMENT' };
  HuaweiResponseType: { name: 'HuaweiResponseType'; enumValues: 'ID_TOKEN' };
  HuaweiSsoType: { name: 'HuaweiSsoType'; enumValues: 'IAM_USER_SSO' | 'VIRTUAL_USER_SSO' };
  ID: unknown;
  IdempotencyInProgressError: {
    kind: 'OBJECT';
    name: 'IdempotencyInProgressError';
    fields: {
      auditEvent: { name: 'auditEvent'; type: { kind: 'OBJECT'; name: 'AuditEvent'; ofType: null } };
      idempotencyKey: { name: 'idempotencyKey'; type: { kind: 'SCALAR'; name: 'String'; ofType: null } };
      message: { name: 'message'; type: { kind: 'SCALAR'; name: 'String'; ofType: null } };
      retryAfterSeconds: { name: 'retryAfterSeconds'; type: { kind: 'SCALAR'; name: 'Int'; ofType: null } };
    };
  };
  IdempotencyKeyReuseError: {
    kind: 'OBJECT';
    name: 'IdempotencyKeyReuseError';
    fields: {
      auditEvent: { name: 'auditEvent'; type: { kind: 'OBJECT'; name: 'AuditEvent'; ofType: null } };
      idempotencyKey: { name: 'idempotencyKey'; type: { kind: 'SCALAR'; name: 'String'; ofType: null } };
      message: { name: 'message'; type: { kind: 'SCALAR'; name: 'String'; ofType: null } };
    };
  };
  IdentityProvider: {
    kind: 'UNION';
    name: 'IdentityProvider';
    fields: {};
    possibleTypes:
      | 'AkamaiCustomProvider'
      | 'CpanelIdentityProvider'
      | 'HuaweiIdentityProvider'
      | 'SlashIdOidcCredential'
      | 'TwoSmsIdentityProvider';
  };
  IdentityProviderChangeInput: {
    kind: 'INPUT_OBJECT';
    name: 'IdentityProviderChangeInput';
    isOneOf: false;
    inputFields: [
      {
        name: 'input';
        type: { kind: 'NON_NULL'; name: never; ofType: { kind: 'SCALAR'; name: 'JSON'; ofType: null } };
        defaultValue: null;
      },
      {
        name: 'operation';
        type: { kind: 'NON_NULL'; name: never; ofType: { kind: 'ENUM'; name: 'VendorMutation'; ofType: null } };
        defaultValue: null;
      },
    ];
  };
  IdentityProviderConnection: {
    kind: 'OBJECT';
    name: 'IdentityProviderConnection';
    fields: {
      connectionErrors: {
        name: 'connectionErrors';
        type: {
          kind: 'LIST';
          name: never;
          ofType: { kind: 'NON_NULL'; name: never; ofType: { kind: 'OBJECT'; name: 'ConnectionError'; ofType: null } };
        };
      };
      edges: {
        name: 'edges';
        type: { kind: 'LIST'; name: never; ofType: { kind: 'OBJECT'; name: 'IdentityProviderConnectionEdge'; ofType: null } };
      };
      pageInfo: { name: 'pageInfo'; type: { kind: 'NON_NULL'; name: never; ofType: { kind: 'OBJECT'; name: 'PageInfo'; ofType: null } } };
      totalCount: { name: 'totalCount'; type: { kind: 'SCALAR'; name: 'Int'; ofType: null } };
    };
  };
  IdentityProviderConnectionEdge: {
    kind: 'OBJECT';
    name: 'IdentityProviderConnectionEdge';
    fields: {
      cursor: { name: 'cursor'; type: { kind: 'NON_NULL'; name: never; ofType: { kind: 'SCALAR'; name: 'String'; ofType: null } } };
      node: { name: 'node'; type: { kind: 'UNION'; name: 'IdentityProvider'; ofType: null } };
    };
  };
  Int: unknown;
  JSON: unknown;
  ManagedIdentityProvider: {
    kind: 'INTERFACE';
    name: 'ManagedIdentityProvider';
    fields: {
      clientId: { name: 'clientId'; type: { kind: 'SCALAR'; name: 'String'; ofType: null } };
      connectionId: { name: 'connectionId'; type: { kind: 'SCALAR'; name: 'String'; ofType: null } };
      displayName: { name: 'displayName'; type: { kind: 'SCALAR'; name: 'String'; ofType: null } };
      enabled: { name: 'enabled'; type: { kind: 'SCALAR'; name: 'Boolean'; ofType: null } };
      hasClientSecret: { name: 'hasClientSecret'; type: { kind: 'SCALAR'; name: 'Boolean'; ofType: null } };
      id: { name: 'id'; type: { kind: 'NON_NULL'; name: never; ofType: { kind: 'SCALAR'; name: 'ID'; ofType: null } } };
      key: { name: 'key'; type: { kind: 'SCALAR'; name: 'String'; ofType: null } };
      protocol: { name: 'protocol'; type: { kind: 'ENUM'; name: 'Protocol'; ofType: null } };
      stale: { name: 'stale'; type: { kind: 'SCALAR'; name: 'Boolean'; ofType: null } };
      syncedAt: { name: 'syncedAt'; type: { kind: 'SCALAR'; name: 'DateTime'; ofType: null } };
      vendor: { name: 'vendor'; type: { kind: 'ENUM'; name: 'Vendor'; ofType: null } };
      version: { name: 'version'; type: { kind: 'SCALAR'; name: 'String'; ofType: null } };
    };
    possibleTypes:
      | 'AkamaiCustomProvider'
      | 'CpanelIdentityProvider'
      | 'HuaweiIdentityProvider'
      | 'SlashIdOidcCredential'
      | 'TwoSmsIdentityProvider';
  };
  Mutation: {
    kind: 'OBJECT';
    name: 'Mutation';
    fields: {
      applyEstatePlan: {
        name: 'applyEstatePlan';
        type: { kind: 'NON_NULL'; name: never; ofType: { kind: 'UNION'; name: 'ApplyEstatePlanResult'; ofType: null } };
      };
      applyIdentityProviderChanges: {
        name: 'applyIdentityProviderChanges';
        type: { kind: 'NON_NULL'; name: never; ofType: { kind: 'UNION'; name: 'ApplyIdentityProviderChangesResult'; ofType: null } };
      };
      createAkamaiCustomProvider: {
        name: 'createAkamaiCustomProvider';
        type: { kind: 'NON_NULL'; name: never; ofType: { kind: 'UNION'; name: 'CreateAkamaiCustomProviderResult'; ofType: null } };
      };
      createHuaweiIdentityProvider: {
        name: 'createHuaweiIdentityProvider';
        type: { kind: 'NON_NULL'; name: never; ofType: { kind: 'UNION'; name: 'CreateHuaweiIdentityProviderResult'; ofType: null } };
      };
      createSlashIdOidcCredential: {
        name: 'createSlashIdOidcCredential';
        type: { kind: 'NON_NULL'; name: never; ofType: { kind: 'UNION'; name: 'CreateSlashIdOidcCredentialResult'; ofType: null } };
      };
      createTwoSmsIdentityProvider: {
        name: 'createTwoSmsIdentityProvider';
        type: { kind: 'NON_NULL'; name: never; ofType: { kind: 'UNION'; name: 'CreateTwoSmsIdentityProviderResult'; ofType: null } };
      };
      deleteHuaweiIdentityProvider: {
        name: 'deleteHuaweiIdentityProvider';
        type: { kind: 'NON_NULL'; name: never; ofType: { kind: 'UNION'; name: 'DeleteHuaweiIdentityProviderResult'; ofType: null } };
      };
      deleteSlashIdOidcCredential: {
        name: 'deleteSlashIdOidcCredential';
        type: { kind: 'NON_NULL'; name: never; ofType: { kind: 'UNION'; name: 'DeleteSlashIdOidcCredentialResult'; ofType: null } };
      };
      deleteTwoSmsIdentityProvider: {
        name: 'deleteTwoSmsIdentityProvider';
        type: { kind: 'NON_NULL'; name: never; ofType: { kind: 'UNION'; name: 'DeleteTwoSmsIdentityProviderResult'; ofType: null } };
      };
      planEstate: {
        name: 'planEstate';
        type: { kind: 'NON_NULL'; name: never; ofType: { kind: 'UNION'; name: 'PlanEstateResult'; ofType: null } };
      };
      revertAuditEvent: {
        name: 'revertAuditEvent';
        type: { kind: 'NON_NULL'; name: never; ofType: { kind: 'UNION'; name: 'RevertAuditEventResult'; ofType: null } };
      };
      setCpanelClientConfiguration: {
        name: 'setCpanelClientConfiguration';
        type: { kind: 'NON_NULL'; name: never; ofType: { kind: 'UNION'; name: 'SetCpanelClientConfigurationResult'; ofType: null } };
      };
      setCpanelDisplayConfiguration: {
        name: 'setCpanelDisplayConfiguration';
        type: { kind: 'NON_NULL'; name: never; ofType: { kind: 'UNION'; name: 'SetCpanelDisplayConfigurationResult'; ofType: null } };
      };
      setCpanelProviderEnabled: {
        name: 'setCpanelProviderEnabled';
        type: { kind: 'NON_NULL'; name: never; ofType: { kind: 'UNION'; name: 'SetCpanelProviderEnabledResult'; ofType: null } };
      };
      setHuaweiOidcConfig: {
        name: 'setHuaweiOidcConfig';
        type: { kind: 'NON_NULL'; name: never; ofType: { kind: 'UNION'; name: 'SetHuaweiOidcConfigResult'; ofType: null } };
      };
      updateAkamaiCustomProvider: {
        name: 'updateAkamaiCustomProvider';
        type: { kind: 'NON_NULL'; name: never; ofType: { kind: 'UNION'; name: 'UpdateAkamaiCustomProviderResult'; ofType: null } };
      };
      updateHuaweiIdentityProvider: {
        name: 'updateHuaweiIdentityProvider';
        type: { kind: 'NON_NULL'; name: never; ofType: { kind: 'UNION'; name: 'UpdateHuaweiIdentityProviderResult'; ofType: null } };
      };
      updateSlashIdOidcCredential: {
        name: 'updateSlashIdOidcCredential';
        type: { kind: 'NON_NULL'; name: never; ofType: { kind: 'UNION'; name: 'UpdateSlashIdOidcCredentialResult'; ofType: null } };
      };
      updateTwoSmsIdentityProvider: {
        name: 'updateTwoSmsIdentityProvider';
        type: { kind: 'NON_NULL'; name: never; ofType: { kind: 'UNION'; name: 'UpdateTwoSmsIdentityProviderResult'; ofType: null } };
      };
      verifyTwoSmsDomain: {
        name: 'verifyTwoSmsDomain';
        type: { kind: 'NON_NULL'; name: never; ofType: { kind: 'UNION'; name: 'VerifyTwoSmsDomainResult'; ofType: null } };
      };
    };
  };
  MutationInterruptedError: {
    kind: 'OBJECT';
    name: 'MutationInterruptedError';
    fields: {
      auditEvent: { name: 'auditEvent'; type: { kind: 'OBJECT'; name: 'AuditEvent'; ofType: null } };
      message: { name: 'message'; type: { kind: 'SCALAR'; name: 'String'; ofType: null } };
      status: { name: 'status'; type: { kind: 'ENUM'; name: 'AuditStatus'; ofType: null } };
    };
  };
  Node: {
    kind: 'INTERFACE';
    name: 'Node';
    fields: { id: { name: 'id'; type: { kind: 'NON_NULL'; name: never; ofType: { kind: 'SCALAR'; name: 'ID'; ofType: null } } } };
    possibleTypes:
      | 'AkamaiCustomProvider'
      | 'CpanelIdentityProvider'
      | 'HuaweiIdentityProvider'
      | 'SlashIdOidcCredential'
      | 'TwoSmsIdentityProvider';
  };
  NotFoundError: {
    kind: 'OBJECT';
    name: 'NotFoundError';
    fields: {
      auditEvent: { name: 'auditEvent'; type: { kind: 'OBJECT'; name: 'AuditEvent'; ofType: null } };
      message: { name: 'message'; type: { kind: 'SCALAR'; name: 'String'; ofType: null } };
    };
  };
  OutcomePendingError: {
    kind: 'OBJECT';
    name: 'OutcomePendingError';
    fields: {
      auditEvent: { name: 'auditEvent'; type: { kind: 'OBJECT'; name: 'AuditEvent'; ofType: null } };
      message: { name: 'message'; type: { kind: 'SCALAR'; name: 'String'; ofType: null } };
      observedStatus: { name: 'observedStatus'; type: { kind: 'ENUM'; name: 'AuditStatus'; ofType: null } };
    };
  };
  PageInfo: {
    kind: 'OBJECT';
    name: 'PageInfo';
    fields: {
      endCursor: { name: 'endCursor'; type: { kind: 'SCALAR'; name: 'String'; ofType: null } };
      hasNextPage: {
        name: 'hasNextPage';
        type: { kind: 'NON_NULL'; name: never; ofType: { kind: 'SCALAR'; name: 'Boolean'; ofType: null } };
      };
      hasPreviousPage: {
        name: 'hasPreviousPage';
        type: { kind: 'NON_NULL'; name: never; ofType: { kind: 'SCALAR'; name: 'Boolean'; ofType: null } };
      };
      startCursor: { name: 'startCursor'; type: { kind: 'SCALAR'; name: 'String'; ofType: null } };
    };
  };
  PlanEstateInput: {
    kind: 'INPUT_OBJECT';
    name: 'PlanEstateInput';
    isOneOf: false;
    inputFields: [
      {
        name: 'document';
        type: { kind: 'NON_NULL'; name: never; ofType: { kind: 'SCALAR'; name: 'String'; ofType: null } };
        defaultValue: null;
      },
      { name: 'refresh'; type: { kind: 'SCALAR'; name: 'Boolean'; ofType: null }; defaultValue: null },
      {
        name: 'secrets';
        type: {
          kind: 'LIST';
          name: never;
          ofType: { kind: 'NON_NULL'; name: never; ofType: { kind: 'INPUT_OBJECT'; name: 'EstateSecretInput'; ofType: null } };
        };
        defaultValue: null;
      },
    ];
  };
  PlanEstateResult: {
    kind: 'UNION';
    name: 'PlanEstateResult';
    fields: {};
    possibleTypes:
      | 'ChangeInProgressError'
      | 'EstateDocumentError'
      | 'EstatePlan'
      | 'ForbiddenError'
      | 'IdempotencyInProgressError'
      | 'IdempotencyKeyReuseError'
      | 'MutationInterruptedError'
      | 'NotFoundError'
      | 'OutcomePendingError'
      | 'StoreUnavailableError'
      | 'ValidationError'
      | 'VendorError'
      | 'VersionConflictError';
  };
  PlannedVendorRequest: {
    kind: 'OBJECT';
    name: 'PlannedVendorRequest';
    fields: {
      body: { name: 'body'; type: { kind: 'SCALAR'; name: 'String'; ofType: null } };
      headers: { name: 'headers'; type: { kind: 'SCALAR'; name: 'JSON'; ofType: null } };
      method: { name: 'method'; type: { kind: 'SCALAR'; name: 'String'; ofType: null } };
      path: { name: 'path'; type: { kind: 'SCALAR'; name: 'String'; ofType: null } };
      purpose: { name: 'purpose'; type: { kind: 'SCALAR'; name: 'String'; ofType: null } };
      query: { name: 'query'; type: { kind: 'SCALAR'; name: 'JSON'; ofType: null } };
    };
  };
  Protocol: { name: 'Protocol'; enumValues: 'OAUTH2' | 'OIDC' | 'SAML' };
  ProviderChange: {
    kind: 'OBJECT';
    name: 'ProviderChange';
    fields: {
      auditEvent: { name: 'auditEvent'; type: { kind: 'OBJECT'; name: 'AuditEvent'; ofType: null } };
      connectionId: {
        name: 'connectionId';
        type: { kind: 'NON_NULL'; name: never; ofType: { kind: 'SCALAR'; name: 'String'; ofType: null } };
      };
      key: { name: 'key'; type: { kind: 'NON_NULL'; name: never; ofType: { kind: 'SCALAR'; name: 'String'; ofType: null } } };
      kind: { name: 'kind'; type: { kind: 'NON_NULL'; name: never; ofType: { kind: 'ENUM'; name: 'ProviderChangeKind'; ofType: null } } };
      provider: { name: 'provider'; type: { kind: 'UNION'; name: 'IdentityProvider'; ofType: null } };
      version: { name: 'version'; type: { kind: 'SCALAR'; name: 'String'; ofType: null } };
    };
  };
  ProviderChangeKind: { name: 'ProviderChangeKind'; enumValues: 'CREATED' | 'DELETED' | 'UPDATED' };
  ProviderDrift: {
    kind: 'OBJECT';
    name: 'ProviderDrift';
    fields: {
      changes: {
        name: 'changes';
        type: {
          kind: 'LIST';
          name: never;
          ofType: { kind: 'NON_NULL'; name: never; ofType: { kind: 'OBJECT'; name: 'FieldChange'; ofType: null } };
        };
      };
      key: { name: 'key'; type: { kind: 'SCALAR'; name: 'String'; ofType: null } };
      kind: { name: 'kind'; type: { kind: 'ENUM'; name: 'DriftKind'; ofType: null } };
      provider: { name: 'provider'; type: { kind: 'UNION'; name: 'IdentityProvider'; ofType: null } };
    };
  };
  ProviderOrder: { name: 'ProviderOrder'; enumValues: 'CONNECTION_KEY' | 'DISPLAY_NAME' };
  Query: {
    kind: 'OBJECT';
    name: 'Query';
    fields: {
      auditEvents: { name: 'auditEvents'; type: { kind: 'OBJECT'; name: 'QueryAuditEventsConnection'; ofType: null } };
      caller: { name: 'caller'; type: { kind: 'NON_NULL'; name: never; ofType: { kind: 'OBJECT'; name: 'Caller'; ofType: null } } };
      connections: {
        name: 'connections';
        type: {
          kind: 'LIST';
          name: never;
          ofType: { kind: 'NON_NULL'; name: never; ofType: { kind: 'OBJECT'; name: 'Connection'; ofType: null } };
        };
      };
      drift: { name: 'drift'; type: { kind: 'OBJECT'; name: 'DriftReport'; ofType: null } };
      exportEstate: { name: 'exportEstate'; type: { kind: 'OBJECT'; name: 'EstateExport'; ofType: null } };
      identityProvider: { name: 'identityProvider'; type: { kind: 'UNION'; name: 'IdentityProvider'; ofType: null } };
      identityProviders: { name: 'identityProviders'; type: { kind: 'OBJECT'; name: 'IdentityProviderConnection'; ofType: null } };
      identityProvidersByConnection: {
        name: 'identityProvidersByConnection';
        type: {
          kind: 'NON_NULL';
          name: never;
          ofType: {
            kind: 'LIST';
            name: never;
            ofType: { kind: 'NON_NULL'; name: never; ofType: { kind: 'OBJECT'; name: 'ConnectionProviders'; ofType: null } };
          };
        };
      };
      node: { name: 'node'; type: { kind: 'INTERFACE'; name: 'Node'; ofType: null } };
      nodes: {
        name: 'nodes';
        type: {
          kind: 'NON_NULL';
          name: never;
          ofType: { kind: 'LIST'; name: never; ofType: { kind: 'INTERFACE'; name: 'Node'; ofType: null } };
        };
      };
    };
  };
  QueryAuditEventsConnection: {
    kind: 'OBJECT';
    name: 'QueryAuditEventsConnection';
    fields: {
      edges: {
        name: 'edges';
        type: { kind: 'LIST'; name: never; ofType: { kind: 'OBJECT'; name: 'QueryAuditEventsConnectionEdge'; ofType: null } };
      };
      pageInfo: { name: 'pageInfo'; type: { kind: 'NON_NULL'; name: never; ofType: { kind: 'OBJECT'; name: 'PageInfo'; ofType: null } } };
    };
  };
  QueryAuditEventsConnectionEdge: {
    kind: 'OBJECT';
    name: 'QueryAuditEventsConnectionEdge';
    fields: {
      cursor: { name: 'cursor'; type: { kind: 'NON_NULL'; name: never; ofType: { kind: 'SCALAR'; name: 'String'; ofType: null } } };
      node: { name: 'node'; type: { kind: 'OBJECT'; name: 'AuditEvent'; ofType: null } };
    };
  };
  RevertAuditEventInput: {
    kind: 'INPUT_OBJECT';
    name: 'RevertAuditEventInput';
    isOneOf: false;
    inputFields: [
      {
        name: 'auditEventId';
        type: { kind: 'NON_NULL'; name: never; ofType: { kind: 'SCALAR'; name: 'ID'; ofType: null } };
        defaultValue: null;
      },
      { name: 'dryRun'; type: { kind: 'SCALAR'; name: 'Boolean'; ofType: null }; defaultValue: null },
      { name: 'idempotencyKey'; type: { kind: 'SCALAR'; name: 'String'; ofType: null }; defaultValue: null },
    ];
  };
  RevertAuditEventPayload: {
    kind: 'OBJECT';
    name: 'RevertAuditEventPayload';
    fields: {
      auditEvent: { name: 'auditEvent'; type: { kind: 'OBJECT'; name: 'AuditEvent'; ofType: null } };
      changes: {
        name: 'changes';
        type: {
          kind: 'LIST';
          name: never;
          ofType: { kind: 'NON_NULL'; name: never; ofType: { kind: 'OBJECT'; name: 'FieldChange'; ofType: null } };
        };
      };
      dryRun: { name: 'dryRun'; type: { kind: 'SCALAR'; name: 'Boolean'; ofType: null } };
      provider: { name: 'provider'; type: { kind: 'UNION'; name: 'IdentityProvider'; ofType: null } };
      replayed: { name: 'replayed'; type: { kind: 'SCALAR'; name: 'Boolean'; ofType: null } };
      revertOf: { name: 'revertOf'; type: { kind: 'SCALAR'; name: 'ID'; ofType: null } };
      secretsToResupply: {
        name: 'secretsToResupply';
        type: {
          kind: 'LIST';
          name: never;
          ofType: { kind: 'NON_NULL'; name: never; ofType: { kind: 'SCALAR'; name: 'String'; ofType: null } };
        };
      };
      vendorRequests: {
        name: 'vendorRequests';
        type: {
          kind: 'LIST';
          name: never;
          ofType: { kind: 'NON_NULL'; name: never; ofType: { kind: 'OBJECT'; name: 'PlannedVendorRequest'; ofType: null } };
        };
      };
    };
  };
  RevertAuditEventResult: {
    kind: 'UNION';
    name: 'RevertAuditEventResult';
    fields: {};
    possibleTypes:
      | 'ChangeInProgressError'
      | 'ForbiddenError'
      | 'IdempotencyInProgressError'
      | 'IdempotencyKeyReuseError'
      | 'MutationInterruptedError'
      | 'NotFoundError'
      | 'OutcomePendingError'
      | 'RevertAuditEventPayload'
      | 'StoreUnavailableError'
      | 'ValidationError'
      | 'VendorError'
      | 'VersionConflictError';
  };
  Role: { name: 'Role'; enumValues: 'ADMIN' | 'OPERATOR' | 'VIEWER' };
  SetCpanelClientConfigurationInput: {
    kind: 'INPUT_OBJECT';
    name: 'SetCpanelClientConfigurationInput';
    isOneOf: false;
    inputFields: [
      { name: 'clientId'; type: { kind: 'SCALAR'; name: 'String'; ofType: null }; defaultValue: null },
      { name: 'clientSecret'; type: { kind: 'SCALAR'; name: 'String'; ofType: null }; defaultValue: null },
      { name: 'dryRun'; type: { kind: 'SCALAR'; name: 'Boolean'; ofType: null }; defaultValue: null },
      { name: 'expectedVersion'; type: { kind: 'SCALAR'; name: 'String'; ofType: null }; defaultValue: null },
      {
        name: 'extraFields';
        type: {
          kind: 'LIST';
          name: never;
          ofType: { kind: 'NON_NULL'; name: never; ofType: { kind: 'INPUT_OBJECT'; name: 'CpanelConfigurationFieldInput'; ofType: null } };
        };
        defaultValue: null;
      },
      { name: 'id'; type: { kind: 'NON_NULL'; name: never; ofType: { kind: 'SCALAR'; name: 'ID'; ofType: null } }; defaultValue: null },
      { name: 'idempotencyKey'; type: { kind: 'SCALAR'; name: 'String'; ofType: null }; defaultValue: null },
      {
        name: 'service';
        type: { kind: 'NON_NULL'; name: never; ofType: { kind: 'ENUM'; name: 'CpanelService'; ofType: null } };
        defaultValue: null;
      },
    ];
  };
  SetCpanelClientConfigurationPayload: {
    kind: 'OBJECT';
    name: 'SetCpanelClientConfigurationPayload';
    fields: {
      auditEvent: { name: 'auditEvent'; type: { kind: 'OBJECT'; name: 'AuditEvent'; ofType: null } };
      changes: {
        name: 'changes';
        type: {
          kind: 'LIST';
          name: never;
          ofType: { kind: 'NON_NULL'; name: never; ofType: { kind: 'OBJECT'; name: 'FieldChange'; ofType: null } };
        };
      };
      dryRun: { name: 'dryRun'; type: { kind: 'SCALAR'; name: 'Boolean'; ofType: null } };
      provider: { name: 'provider'; type: { kind: 'UNION'; name: 'IdentityProvider'; ofType: null } };
      replayed: { name: 'replayed'; type: { kind: 'SCALAR'; name: 'Boolean'; ofType: null } };
      vendorRequests: {
        name: 'vendorRequests';
        type: {
          kind: 'LIST';
          name: never;
          ofType: { kind: 'NON_NULL'; name: never; ofType: { kind: 'OBJECT'; name: 'PlannedVendorRequest'; ofType: null } };
        };
      };
    };
  };
  SetCpanelClientConfigurationResult: {
    kind: 'UNION';
    name: 'SetCpanelClientConfigurationResult';
    fields: {};
    possibleTypes:
      | 'ChangeInProgressError'
      | 'ForbiddenError'
      | 'IdempotencyInProgressError'
      | 'IdempotencyKeyReuseError'
      | 'MutationInterruptedError'
      | 'NotFoundError'
      | 'OutcomePendingError'
      | 'SetCpanelClientConfigurationPayload'
      | 'StoreUnavailableError'
      | 'ValidationError'
      | 'VendorError'
      | 'VersionConflictError';
  };
  SetCpanelDisplayConfigurationInput: {
    kind: 'INPUT_OBJECT';
    name: 'SetCpanelDisplayConfigurationInput';
    isOneOf: false;
    inputFields: [
      { name: 'color'; type: { kind: 'SCALAR'; name: 'String'; ofType: null }; defaultValue: null },
      { name: 'displayName'; type: { kind: 'SCALAR'; name: 'String'; ofType: null }; defaultValue: null },
      { name: 'documentationUrl'; type: { kind: 'SCALAR'; name: 'String'; ofType: null }; defaultValue: null },
      { name: 'dryRun'; type: { kind: 'SCALAR'; name: 'Boolean'; ofType: null }; defaultValue: null },
      { name: 'expectedVersion'; type: { kind: 'SCALAR'; name: 'String'; ofType: null }; defaultValue: null },
      { name: 'icon'; type: { kind: 'SCALAR'; name: 'String'; ofType: null }; defaultValue: null },
      { name: 'iconType'; type: { kind: 'SCALAR'; name: 'String'; ofType: null }; defaultValue: null },
      { name: 'id'; type: { kind: 'NON_NULL'; name: never; ofType: { kind: 'SCALAR'; name: 'ID'; ofType: null } }; defaultValue: null },
      { name: 'idempotencyKey'; type: { kind: 'SCALAR'; name: 'String'; ofType: null }; defaultValue: null },
      { name: 'label'; type: { kind: 'SCALAR'; name: 'String'; ofType: null }; defaultValue: null },
      { name: 'providerName'; type: { kind: 'SCALAR'; name: 'String'; ofType: null }; defaultValue: null },
      {
        name: 'service';
        type: { kind: 'NON_NULL'; name: never; ofType: { kind: 'ENUM'; name: 'CpanelService'; ofType: null } };
        defaultValue: null;
      },
      { name: 'textColor'; type: { kind: 'SCALAR'; name: 'String'; ofType: null }; defaultValue: null },
    ];
  };
  SetCpanelDisplayConfigurationPayload: {
    kind: 'OBJECT';
    name: 'SetCpanelDisplayConfigurationPayload';
    fields: {
      auditEvent: { name: 'auditEvent'; type: { kind: 'OBJECT'; name: 'AuditEvent'; ofType: null } };
      changes: {
        name: 'changes';
        type: {
          kind: 'LIST';
          name: never;
          ofType: { kind: 'NON_NULL'; name: never; ofType: { kind: 'OBJECT'; name: 'FieldChange'; ofType: null } };
        };
      };
      dryRun: { name: 'dryRun'; type: { kind: 'SCALAR'; name: 'Boolean'; ofType: null } };
      provider: { name: 'provider'; type: { kind: 'UNION'; name: 'IdentityProvider'; ofType: null } };
      replayed: { name: 'replayed'; type: { kind: 'SCALAR'; name: 'Boolean'; ofType: null } };
      vendorRequests: {
        name: 'vendorRequests';
        type: {
          kind: 'LIST';
          name: never;
          ofType: { kind: 'NON_NULL'; name: never; ofType: { kind: 'OBJECT'; name: 'PlannedVendorRequest'; ofType: null } };
        };
      };
    };
  };
  SetCpanelDisplayConfigurationResult: {
    kind: 'UNION';
    name: 'SetCpanelDisplayConfigurationResult';
    fields: {};
    possibleTypes:
      | 'ChangeInProgressError'
      | 'ForbiddenError'
      | 'IdempotencyInProgressError'
      | 'IdempotencyKeyReuseError'
      | 'MutationInterruptedError'
      | 'NotFoundError'
      | 'OutcomePendingError'
      | 'SetCpanelDisplayConfigurationPayload'
      | 'StoreUnavailableError'
      | 'ValidationError'
      | 'VendorError'
      | 'VersionConflictError';
  };
  SetCpanelProviderEnabledInput: {
    kind: 'INPUT_OBJECT';
    name: 'SetCpanelProviderEnabledInput';
    isOneOf: false;
    inputFields: [
      { name: 'dryRun'; type: { kind: 'SCALAR'; name: 'Boolean'; ofType: null }; defaultValue: null },
      {
        name: 'enabled';
        type: { kind: 'NON_NULL'; name: never; ofType: { kind: 'SCALAR'; name: 'Boolean'; ofType: null } };
        defaultValue: null;
      },
      { name: 'expectedVersion'; type: { kind: 'SCALAR'; name: 'String'; ofType: null }; defaultValue: null },
      { name: 'id'; type: { kind: 'NON_NULL'; name: never; ofType: { kind: 'SCALAR'; name: 'ID'; ofType: null } }; defaultValue: null },
      { name: 'idempotencyKey'; type: { kind: 'SCALAR'; name: 'String'; ofType: null }; defaultValue: null },
      {
        name: 'service';
        type: { kind: 'NON_NULL'; name: never; ofType: { kind: 'ENUM'; name: 'CpanelService'; ofType: null } };
        defaultValue: null;
      },
    ];
  };
  SetCpanelProviderEnabledPayload: {
    kind: 'OBJECT';
    name: 'SetCpanelProviderEnabledPayload';
    fields: {
      auditEvent: { name: 'auditEvent'; type: { kind: 'OBJECT'; name: 'AuditEvent'; ofType: null } };
      changes: {
        name: 'changes';
        type: {
          kind: 'LIST';
          name: never;
          ofType: { kind: 'NON_NULL'; name: never; ofType: { kind: 'OBJECT'; name: 'FieldChange'; ofType: null } };
        };
      };
      dryRun: { name: 'dryRun'; type: { kind: 'SCALAR'; name: 'Boolean'; ofType: null } };
      provider: { name: 'provider'; type: { kind: 'UNION'; name: 'IdentityProvider'; ofType: null } };
      replayed: { name: 'replayed'; type: { kind: 'SCALAR'; name: 'Boolean'; ofType: null } };
      vendorRequests: {
        name: 'vendorRequests';
        type: {
          kind: 'LIST';
          name: never;
          ofType: { kind: 'NON_NULL'; name: never; ofType: { kind: 'OBJECT'; name: 'PlannedVendorRequest'; ofType: null } };
        };
      };
    };
  };
  SetCpanelProviderEnabledResult: {
    kind: 'UNION';
    name: 'SetCpanelProviderEnabledResult';
    fields: {};
    possibleTypes:
      | 'ChangeInProgressError'
      | 'ForbiddenError'
      | 'IdempotencyInProgressError'
      | 'IdempotencyKeyReuseError'
      | 'MutationInterruptedError'
      | 'NotFoundError'
      | 'OutcomePendingError'
      | 'SetCpanelProviderEnabledPayload'
      | 'StoreUnavailableError'
      | 'ValidationError'
      | 'VendorError'
      | 'VersionConflictError';
  };
  SetHuaweiOidcConfigInput: {
    kind: 'INPUT_OBJECT';
    name: 'SetHuaweiOidcConfigInput';
    isOneOf: false;
    inputFields: [
      { name: 'accessMode'; type: { kind: 'ENUM'; name: 'HuaweiAccessMode'; ofType: null }; defaultValue: null },
      { name: 'authorizationEndpoint'; type: { kind: 'SCALAR'; name: 'String'; ofType: null }; defaultValue: null },
      { name: 'clientId'; type: { kind: 'SCALAR'; name: 'String'; ofType: null }; defaultValue: null },
      { name: 'dryRun'; type: { kind: 'SCALAR'; name: 'Boolean'; ofType: null }; defaultValue: null },
      { name: 'expectedVersion'; type: { kind: 'SCALAR'; name: 'String'; ofType: null }; defaultValue: null },
      { name: 'id'; type: { kind: 'NON_NULL'; name: never; ofType: { kind: 'SCALAR'; name: 'ID'; ofType: null } }; defaultValue: null },
      { name: 'idempotencyKey'; type: { kind: 'SCALAR'; name: 'String'; ofType: null }; defaultValue: null },
      { name: 'idpUrl'; type: { kind: 'SCALAR'; name: 'String'; ofType: null }; defaultValue: null },
      { name: 'responseMode'; type: { kind: 'ENUM'; name: 'HuaweiResponseMode'; ofType: null }; defaultValue: null },
      { name: 'responseType'; type: { kind: 'ENUM'; name: 'HuaweiResponseType'; ofType: null }; defaultValue: null },
      { name: 'scope'; type: { kind: 'SCALAR'; name: 'String'; ofType: null }; defaultValue: null },
      { name: 'signingKey'; type: { kind: 'SCALAR'; name: 'String'; ofType: null }; defaultValue: null },
    ];
  };
  SetHuaweiOidcConfigPayload: {
    kind: 'OBJECT';
    name: 'SetHuaweiOidcConfigPayload';
    fields: {
      auditEvent: { name: 'auditEvent'; type: { kind: 'OBJECT'; name: 'AuditEvent'; ofType: null } };
      changes: {
        name: 'changes';
        type: {
          kind: 'LIST';
          name: never;
          ofType: { kind: 'NON_NULL'; name: never; ofType: { kind: 'OBJECT'; name: 'FieldChange'; ofType: null } };
        };
      };
      dryRun: { name: 'dryRun'; type: { kind: 'SCALAR'; name: 'Boolean'; ofType: null } };
      provider: { name: 'provider'; type: { kind: 'UNION'; name: 'IdentityProvider'; ofType: null } };
      replayed: { name: 'replayed'; type: { kind: 'SCALAR'; name: 'Boolean'; ofType: null } };
      vendorRequests: {
        name: 'vendorRequests';
        type: {
          kind: 'LIST';
          name: never;
          ofType: { kind: 'NON_NULL'; name: never; ofType: { kind: 'OBJECT'; name: 'PlannedVendorRequest'; ofType: null } };
        };
      };
    };
  };
  SetHuaweiOidcConfigResult: {
    kind: 'UNION';
    name: 'SetHuaweiOidcConfigResult';
    fields: {};
    possibleTypes:
      | 'ChangeInProgressError'
      | 'ForbiddenError'
      | 'IdempotencyInProgressError'
      | 'IdempotencyKeyReuseError'
      | 'MutationInterruptedError'
      | 'NotFoundError'
      | 'OutcomePendingError'
      | 'SetHuaweiOidcConfigPayload'
      | 'StoreUnavailableError'
      | 'ValidationError'
      | 'VendorError'
      | 'VersionConflictError';
  };
  SlashIdConsistency: { name: 'SlashIdConsistency'; enumValues: 'ALL_REGIONS' | 'LOCAL_REGION' };
  SlashIdOAuthProvider: {
    name: 'SlashIdOAuthProvider';
    enumValues: 'APPLE' | 'AZUREAD' | 'BITBUCKET' | 'FACEBOOK' | 'GITHUB' | 'GITLAB' | 'GOOGLE' | 'LINE' | 'OKTA';
  };
  SlashIdOidcCredential: {
    kind: 'OBJECT';
    name: 'SlashIdOidcCredential';
    fields: {
      clientId: { name: 'clientId'; type: { kind: 'SCALAR'; name: 'String'; ofType: null } };
      connectionId: { name: 'connectionId'; type: { kind: 'SCALAR'; name: 'String'; ofType: null } };
      displayName: { name: 'displayName'; type: { kind: 'SCALAR'; name: 'String'; ofType: null } };
      enableInSlashidOidcAuthzServer: { name: 'enableInSlashidOidcAuthzServer'; type: { kind: 'SCALAR'; name: 'Boolean'; ofType: null } };
      enabled: { name: 'enabled'; type: { kind: 'SCALAR'; name: 'Boolean'; ofType: null } };
      externalCredId: { name: 'externalCredId'; type: { kind: 'SCALAR'; name: 'String'; ofType: null } };
      hasClientSecret: { name: 'hasClientSecret'; type: { kind: 'SCALAR'; name: 'Boolean'; ofType: null } };
      id: { name: 'id'; type: { kind: 'NON_NULL'; name: never; ofType: { kind: 'SCALAR'; name: 'ID'; ofType: null } } };
      key: { name: 'key'; type: { kind: 'SCALAR'; name: 'String'; ofType: null } };
      label: { name: 'label'; type: { kind: 'SCALAR'; name: 'String'; ofType: null } };
      options: { name: 'options'; type: { kind: 'OBJECT'; name: 'SlashIdProviderOptions'; ofType: null } };
      protocol: { name: 'protocol'; type: { kind: 'ENUM'; name: 'Protocol'; ofType: null } };
      provider: { name: 'provider'; type: { kind: 'ENUM'; name: 'SlashIdOAuthProvider'; ofType: null } };
      providerName: { name: 'providerName'; type: { kind: 'SCALAR'; name: 'String'; ofType: null } };
      requestedScopes: {
        name: 'requestedScopes';
        type: {
          kind: 'LIST';
          name: never;
          ofType: { kind: 'NON_NULL'; name: never; ofType: { kind: 'SCALAR'; name: 'String'; ofType: null } };
        };
      };
      stale: { name: 'stale'; type: { kind: 'SCALAR'; name: 'Boolean'; ofType: null } };
      syncedAt: { name: 'syncedAt'; type: { kind: 'SCALAR'; name: 'DateTime'; ofType: null } };
      vendor: { name: 'vendor'; type: { kind: 'ENUM'; name: 'Vendor'; ofType: null } };
      version: { name: 'version'; type: { kind: 'SCALAR'; name: 'String'; ofType: null } };
    };
  };
  SlashIdProviderOptions: {
    kind: 'OBJECT';
    name: 'SlashIdProviderOptions';
    fields: {
      authorizeScopes: {
        name: 'authorizeScopes';
        type: {
          kind: 'LIST';
          name: never;
          ofType: { kind: 'NON_NULL'; name: never; ofType: { kind: 'SCALAR'; name: 'String'; ofType: null } };
        };
      };
      hasPrivateKey: { name: 'hasPrivateKey'; type: { kind: 'SCALAR'; name: 'Boolean'; ofType: null } };
      keyId: { name: 'keyId'; type: { kind: 'SCALAR'; name: 'String'; ofType: null } };
      organizationUrl: { name: 'organizationUrl'; type: { kind: 'SCALAR'; name: 'String'; ofType: null } };
      secretLifetime: { name: 'secretLifetime'; type: { kind: 'SCALAR'; name: 'String'; ofType: null } };
      teamId: { name: 'teamId'; type: { kind: 'SCALAR'; name: 'String'; ofType: null } };
      tenant: { name: 'tenant'; type: { kind: 'SCALAR'; name: 'String'; ofType: null } };
    };
  };
  SlashIdProviderOptionsInput: {
    kind: 'INPUT_OBJECT';
    name: 'SlashIdProviderOptionsInput';
    isOneOf: false;
    inputFields: [
      {
        name: 'authorizeScopes';
        type: {
          kind: 'LIST';
          name: never;
          ofType: { kind: 'NON_NULL'; name: never; ofType: { kind: 'SCALAR'; name: 'String'; ofType: null } };
        };
        defaultValue: null;
      },
      { name: 'keyId'; type: { kind: 'SCALAR'; name: 'String'; ofType: null }; defaultValue: null },
      { name: 'organizationUrl'; type: { kind: 'SCALAR'; name: 'String'; ofType: null }; defaultValue: null },
      { name: 'privateKey'; type: { kind: 'SCALAR'; name: 'String'; ofType: null }; defaultValue: null },
      { name: 'secretLifetime'; type: { kind: 'SCALAR'; name: 'String'; ofType: null }; defaultValue: null },
      { name: 'teamId'; type: { kind: 'SCALAR'; name: 'String'; ofType: null }; defaultValue: null },
      { name: 'tenant'; type: { kind: 'SCALAR'; name: 'String'; ofType: null }; defaultValue: null },
    ];
  };
  StoreUnavailableError: {
    kind: 'OBJECT';
    name: 'StoreUnavailableError';
    fields: {
      auditEvent: { name: 'auditEvent'; type: { kind: 'OBJECT'; name: 'AuditEvent'; ofType: null } };
      message: { name: 'message'; type: { kind: 'SCALAR'; name: 'String'; ofType: null } };
      retryAfterSeconds: { name: 'retryAfterSeconds'; type: { kind: 'SCALAR'; name: 'Int'; ofType: null } };
    };
  };
  String: unknown;
  Subscription: {
    kind: 'OBJECT';
    name: 'Subscription';
    fields: {
      auditEventAdded: { name: 'auditEventAdded'; type: { kind: 'OBJECT'; name: 'AuditEvent'; ofType: null } };
      providerChanged: {
        name: 'providerChanged';
        type: { kind: 'NON_NULL'; name: never; ofType: { kind: 'OBJECT'; name: 'ProviderChange'; ofType: null } };
      };
    };
  };
  TwoSmsIdentityProvider: {
    kind: 'OBJECT';
    name: 'TwoSmsIdentityProvider';
    fields: {
      certificate: { name: 'certificate'; type: { kind: 'SCALAR'; name: 'String'; ofType: null } };
      certificateExpiry: { name: 'certificateExpiry'; type: { kind: 'SCALAR'; name: 'DateTime'; ofType: null } };
      clientId: { name: 'clientId'; type: { kind: 'SCALAR'; name: 'String'; ofType: null } };
      clockSkewSeconds: { name: 'clockSkewSeconds'; type: { kind: 'SCALAR'; name: 'Float'; ofType: null } };
      connectionId: { name: 'connectionId'; type: { kind: 'SCALAR'; name: 'String'; ofType: null } };
      displayName: { name: 'displayName'; type: { kind: 'SCALAR'; name: 'String'; ofType: null } };
      domain: { name: 'domain'; type: { kind: 'SCALAR'; name: 'String'; ofType: null } };
      domainTxtRecord: { name: 'domainTxtRecord'; type: { kind: 'SCALAR'; name: 'String'; ofType: null } };
      enabled: { name: 'enabled'; type: { kind: 'SCALAR'; name: 'Boolean'; ofType: null } };
      hasClientSecret: { name: 'hasClientSecret'; type: { kind: 'SCALAR'; name: 'Boolean'; ofType: null } };
      id: { name: 'id'; type: { kind: 'NON_NULL'; name: never; ofType: { kind: 'SCALAR'; name: 'ID'; ofType: null } } };
      key: { name: 'key'; type: { kind: 'SCALAR'; name: 'String'; ofType: null } };
      logoutUrl: { name: 'logoutUrl'; type: { kind: 'SCALAR'; name: 'String'; ofType: null } };
      name: { name: 'name'; type: { kind: 'SCALAR'; name: 'String'; ofType: null } };
      protocol: { name: 'protocol'; type: { kind: 'ENUM'; name: 'Protocol'; ofType: null } };
      provider: { name: 'provider'; type: { kind: 'SCALAR'; name: 'String'; ofType: null } };
      samlAssertionEncrypted: { name: 'samlAssertionEncrypted'; type: { kind: 'SCALAR'; name: 'Boolean'; ofType: null } };
      samlAssertionSigned: { name: 'samlAssertionSigned'; type: { kind: 'SCALAR'; name: 'Boolean'; ofType: null } };
      samlResponseSigned: { name: 'samlResponseSigned'; type: { kind: 'SCALAR'; name: 'Boolean'; ofType: null } };
      signAuthnRequest: { name: 'signAuthnRequest'; type: { kind: 'SCALAR'; name: 'Boolean'; ofType: null } };
      signOnUrl: { name: 'signOnUrl'; type: { kind: 'SCALAR'; name: 'String'; ofType: null } };
      stale: { name: 'stale'; type: { kind: 'SCALAR'; name: 'Boolean'; ofType: null } };
      syncedAt: { name: 'syncedAt'; type: { kind: 'SCALAR'; name: 'DateTime'; ofType: null } };
      vendor: { name: 'vendor'; type: { kind: 'ENUM'; name: 'Vendor'; ofType: null } };
      verified: { name: 'verified'; type: { kind: 'SCALAR'; name: 'Boolean'; ofType: null } };
      version: { name: 'version'; type: { kind: 'SCALAR'; name: 'String'; ofType: null } };
    };
  };
  UpdateAkamaiCustomProviderInput: {
    kind: 'INPUT_OBJECT';
    name: 'UpdateAkamaiCustomProviderInput';
    isOneOf: false;
    inputFields: [
      {
        name: 'attributeMap';
        type: {
          kind: 'LIST';
          name: never;
          ofType: { kind: 'NON_NULL'; name: never; ofType: { kind: 'INPUT_OBJECT'; name: 'AkamaiAttributeMappingInput'; ofType: null } };
        };
        defaultValue: null;
      },
      { name: 'authUrl'; type: { kind: 'SCALAR'; name: 'String'; ofType: null }; defaultValue: null },
      { name: 'authnContext'; type: { kind: 'SCALAR'; name: 'JSON'; ofType: null }; defaultValue: null },
      { name: 'clientId'; type: { kind: 'SCALAR'; name: 'String'; ofType: null }; defaultValue: null },
      { name: 'clientSecret'; type: { kind: 'SCALAR'; name: 'String'; ofType: null }; defaultValue: null },
      { name: 'dryRun'; type: { kind: 'SCALAR'; name: 'Boolean'; ofType: null }; defaultValue: null },
      { name: 'expectedVersion'; type: { kind: 'SCALAR'; name: 'String'; ofType: null }; defaultValue: null },
      { name: 'id'; type: { kind: 'NON_NULL'; name: never; ofType: { kind: 'SCALAR'; name: 'ID'; ofType: null } }; defaultValue: null },
      { name: 'idempotencyKey'; type: { kind: 'SCALAR'; name: 'String'; ofType: null }; defaultValue: null },
      { name: 'identifierAttribute'; type: { kind: 'SCALAR'; name: 'String'; ofType: null }; defaultValue: null },
      { name: 'idpCertificate'; type: { kind: 'SCALAR'; name: 'String'; ofType: null }; defaultValue: null },
      {
        name: 'idpCertificateChain';
        type: {
          kind: 'LIST';
          name: never;
          ofType: { kind: 'NON_NULL'; name: never; ofType: { kind: 'SCALAR'; name: 'String'; ofType: null } };
        };
        defaultValue: null;
      },
      { name: 'profileUrl'; type: { kind: 'SCALAR'; name: 'String'; ofType: null }; defaultValue: null },
      {
        name: 'scopes';
        type: {
          kind: 'LIST';
          name: never;
          ofType: { kind: 'NON_NULL'; name: never; ofType: { kind: 'SCALAR'; name: 'String'; ofType: null } };
        };
        defaultValue: null;
      },
      { name: 'title'; type: { kind: 'SCALAR'; name: 'String'; ofType: null }; defaultValue: null },
      { name: 'tokenAuthMethod'; type: { kind: 'ENUM'; name: 'AkamaiTokenAuthMethod'; ofType: null }; defaultValue: null },
      { name: 'tokenUrl'; type: { kind: 'SCALAR'; name: 'String'; ofType: null }; defaultValue: null },
      { name: 'ui'; type: { kind: 'INPUT_OBJECT'; name: 'AkamaiProviderUiInput'; ofType: null }; defaultValue: null },
    ];
  };
  UpdateAkamaiCustomProviderPayload: {
    kind: 'OBJECT';
    name: 'UpdateAkamaiCustomProviderPayload';
    fields: {
      auditEvent: { name: 'auditEvent'; type: { kind: 'OBJECT'; name: 'AuditEvent'; ofType: null } };
      changes: {
        name: 'changes';
        type: {
          kind: 'LIST';
          name: never;
          ofType: { kind: 'NON_NULL'; name: never; ofType: { kind: 'OBJECT'; name: 'FieldChange'; ofType: null } };
        };
      };
      dryRun: { name: 'dryRun'; type: { kind: 'SCALAR'; name: 'Boolean'; ofType: null } };
      provider: { name: 'provider'; type: { kind: 'UNION'; name: 'IdentityProvider'; ofType: null } };
      replayed: { name: 'replayed'; type: { kind: 'SCALAR'; name: 'Boolean'; ofType: null } };
      vendorRequests: {
        name: 'vendorRequests';
        type: {
          kind: 'LIST';
          name: never;
          ofType: { kind: 'NON_NULL'; name: never; ofType: { kind: 'OBJECT'; name: 'PlannedVendorRequest'; ofType: null } };
        };
      };
    };
  };
  UpdateAkamaiCustomProviderResult: {
    kind: 'UNION';
    name: 'UpdateAkamaiCustomProviderResult';
    fields: {};
    possibleTypes:
      | 'ChangeInProgressError'
      | 'ForbiddenError'
      | 'IdempotencyInProgressError'
      | 'IdempotencyKeyReuseError'
      | 'MutationInterruptedError'
      | 'NotFoundError'
      | 'OutcomePendingError'
      | 'StoreUnavailableError'
      | 'UpdateAkamaiCustomProviderPayload'
      | 'ValidationError'
      | 'VendorError'
      | 'VersionConflictError';
  };
  UpdateHuaweiIdentityProviderInput: {
    kind: 'INPUT_OBJECT';
    name: 'UpdateHuaweiIdentityProviderInput';
    isOneOf: false;
    inputFields: [
      { name: 'description'; type: { kind: 'SCALAR'; name: 'String'; ofType: null }; defaultValue: null },
      { name: 'dryRun'; type: { kind: 'SCALAR'; name: 'Boolean'; ofType: null }; defaultValue: null },
      { name: 'enabled'; type: { kind: 'SCALAR'; name: 'Boolean'; ofType: null }; defaultValue: null },
      { name: 'expectedVersion'; type: { kind: 'SCALAR'; name: 'String'; ofType: null }; defaultValue: null },
      { name: 'id'; type: { kind: 'NON_NULL'; name: never; ofType: { kind: 'SCALAR'; name: 'ID'; ofType: null } }; defaultValue: null },
      { name: 'idempotencyKey'; type: { kind: 'SCALAR'; name: 'String'; ofType: null }; defaultValue: null },
    ];
  };
  UpdateHuaweiIdentityProviderPayload: {
    kind: 'OBJECT';
    name: 'UpdateHuaweiIdentityProviderPayload';
    fields: {
      auditEvent: { name: 'auditEvent'; type: { kind: 'OBJECT'; name: 'AuditEvent'; ofType: null } };
      changes: {
        name: 'changes';
        type: {
          kind: 'LIST';
          name: never;
          ofType: { kind: 'NON_NULL'; name: never; ofType: { kind: 'OBJECT'; name: 'FieldChange'; ofType: null } };
        };
      };
      dryRun: { name: 'dryRun'; type: { kind: 'SCALAR'; name: 'Boolean'; ofType: null } };
      provider: { name: 'provider'; type: { kind: 'UNION'; name: 'IdentityProvider'; ofType: null } };
      replayed: { name: 'replayed'; type: { kind: 'SCALAR'; name: 'Boolean'; ofType: null } };
      vendorRequests: {
        name: 'vendorRequests';
        type: {
          kind: 'LIST';
          name: never;
          ofType: { kind: 'NON_NULL'; name: never; ofType: { kind: 'OBJECT'; name: 'PlannedVendorRequest'; ofType: null } };
        };
      };
    };
  };
  UpdateHuaweiIdentityProviderResult: {
    kind: 'UNION';
    name: 'UpdateHuaweiIdentityProviderResult';
    fields: {};
    possibleTypes:
      | 'ChangeInProgressError'
      | 'ForbiddenError'
      | 'IdempotencyInProgressError'
      | 'IdempotencyKeyReuseError'
      | 'MutationInterruptedError'
      | 'NotFoundError'
      | 'OutcomePendingError'
      | 'StoreUnavailableError'
      | 'UpdateHuaweiIdentityProviderPayload'
      | 'ValidationError'
      | 'VendorError'
      | 'VersionConflictError';
  };
  UpdateSlashIdOidcCredentialInput: {
    kind: 'INPUT_OBJECT';
    name: 'UpdateSlashIdOidcCredentialInput';
    isOneOf: false;
    inputFields: [
      { name: 'clientSecret'; type: { kind: 'SCALAR'; name: 'String'; ofType: null }; defaultValue: null },
      { name: 'dryRun'; type: { kind: 'SCALAR'; name: 'Boolean'; ofType: null }; defaultValue: null },
      { name: 'enableInSlashidOidcAuthzServer'; type: { kind: 'SCALAR'; name: 'Boolean'; ofType: null }; defaultValue: null },
      { name: 'expectedVersion'; type: { kind: 'SCALAR'; name: 'String'; ofType: null }; defaultValue: null },
      { name: 'externalCredId'; type: { kind: 'SCALAR'; name: 'String'; ofType: null }; defaultValue: null },
      { name: 'id'; type: { kind: 'NON_NULL'; name: never; ofType: { kind: 'SCALAR'; name: 'ID'; ofType: null } }; defaultValue: null },
      { name: 'idempotencyKey'; type: { kind: 'SCALAR'; name: 'String'; ofType: null }; defaultValue: null },
      { name: 'label'; type: { kind: 'SCALAR'; name: 'String'; ofType: null }; defaultValue: null },
      { name: 'options'; type: { kind: 'INPUT_OBJECT'; name: 'SlashIdProviderOptionsInput'; ofType: null }; defaultValue: null },
      { name: 'requiredConsistency'; type: { kind: 'ENUM'; name: 'SlashIdConsistency'; ofType: null }; defaultValue: null },
      { name: 'requiredConsistencyTimeout'; type: { kind: 'SCALAR'; name: 'Int'; ofType: null }; defaultValue: null },
    ];
  };
  UpdateSlashIdOidcCredentialPayload: {
    kind: 'OBJECT';
    name: 'UpdateSlashIdOidcCredentialPayload';
    fields: {
      auditEvent: { name: 'auditEvent'; type: { kind: 'OBJECT'; name: 'AuditEvent'; ofType: null } };
      changes: {
        name: 'changes';
        type: {
          kind: 'LIST';
          name: never;
          ofType: { kind: 'NON_NULL'; name: never; ofType: { kind: 'OBJECT'; name: 'FieldChange'; ofType: null } };
        };
      };
      dryRun: { name: 'dryRun'; type: { kind: 'SCALAR'; name: 'Boolean'; ofType: null } };
      provider: { name: 'provider'; type: { kind: 'UNION'; name: 'IdentityProvider'; ofType: null } };
      replayed: { name: 'replayed'; type: { kind: 'SCALAR'; name: 'Boolean'; ofType: null } };
      vendorRequests: {
        name: 'vendorRequests';
        type: {
          kind: 'LIST';
          name: never;
          ofType: { kind: 'NON_NULL'; name: never; ofType: { kind: 'OBJECT'; name: 'PlannedVendorRequest'; ofType: null } };
        };
      };
    };
  };
  UpdateSlashIdOidcCredentialResult: {
    kind: 'UNION';
    name: 'UpdateSlashIdOidcCredentialResult';
    fields: {};
    possibleTypes:
      | 'ChangeInProgressError'
      | 'ForbiddenError'
      | 'IdempotencyInProgressError'
      | 'IdempotencyKeyReuseError'
      | 'MutationInterruptedError'
      | 'NotFoundError'
      | 'OutcomePendingError'
      | 'StoreUnavailableError'
      | 'UpdateSlashIdOidcCredentialPayload'
      | 'ValidationError'
      | 'VendorError'
      | 'VersionConflictError';
  };
  UpdateTwoSmsIdentityProviderInput: {
    kind: 'INPUT_OBJECT';
    name: 'UpdateTwoSmsIdentityProviderInput';
    isOneOf: false;
    inputFields: [
      { name: 'certificate'; type: { kind: 'SCALAR'; name: 'String'; ofType: null }; defaultValue: null },
      { name: 'dryRun'; type: { kind: 'SCALAR'; name: 'Boolean'; ofType: null }; defaultValue: null },
      { name: 'expectedVersion'; type: { kind: 'SCALAR'; name: 'String'; ofType: null }; defaultValue: null },
      { name: 'id'; type: { kind: 'NON_NULL'; name: never; ofType: { kind: 'SCALAR'; name: 'ID'; ofType: null } }; defaultValue: null },
      { name: 'idempotencyKey'; type: { kind: 'SCALAR'; name: 'String'; ofType: null }; defaultValue: null },
      { name: 'loginUrl'; type: { kind: 'SCALAR'; name: 'String'; ofType: null }; defaultValue: null },
      { name: 'logoutUrl'; type: { kind: 'SCALAR'; name: 'String'; ofType: null }; defaultValue: null },
      { name: 'name'; type: { kind: 'SCALAR'; name: 'String'; ofType: null }; defaultValue: null },
      { name: 'provider'; type: { kind: 'SCALAR'; name: 'String'; ofType: null }; defaultValue: null },
    ];
  };
  UpdateTwoSmsIdentityProviderPayload: {
    kind: 'OBJECT';
    name: 'UpdateTwoSmsIdentityProviderPayload';
    fields: {
      auditEvent: { name: 'auditEvent'; type: { kind: 'OBJECT'; name: 'AuditEvent'; ofType: null } };
      changes: {
        name: 'changes';
        type: {
          kind: 'LIST';
          name: never;
          ofType: { kind: 'NON_NULL'; name: never; ofType: { kind: 'OBJECT'; name: 'FieldChange'; ofType: null } };
        };
      };
      dryRun: { name: 'dryRun'; type: { kind: 'SCALAR'; name: 'Boolean'; ofType: null } };
      provider: { name: 'provider'; type: { kind: 'UNION'; name: 'IdentityProvider'; ofType: null } };
      replayed: { name: 'replayed'; type: { kind: 'SCALAR'; name: 'Boolean'; ofType: null } };
      vendorRequests: {
        name: 'vendorRequests';
        type: {
          kind: 'LIST';
          name: never;
          ofType: { kind: 'NON_NULL'; name: never; ofType: { kind: 'OBJECT'; name: 'PlannedVendorRequest'; ofType: null } };
        };
      };
    };
  };
  UpdateTwoSmsIdentityProviderResult: {
    kind: 'UNION';
    name: 'UpdateTwoSmsIdentityProviderResult';
    fields: {};
    possibleTypes:
      | 'ChangeInProgressError'
      | 'ForbiddenError'
      | 'IdempotencyInProgressError'
      | 'IdempotencyKeyReuseError'
      | 'MutationInterruptedError'
      | 'NotFoundError'
      | 'OutcomePendingError'
      | 'StoreUnavailableError'
      | 'UpdateTwoSmsIdentityProviderPayload'
      | 'ValidationError'
      | 'VendorError'
      | 'VersionConflictError';
  };
  ValidationError: {
    kind: 'OBJECT';
    name: 'ValidationError';
    fields: {
      auditEvent: { name: 'auditEvent'; type: { kind: 'OBJECT'; name: 'AuditEvent'; ofType: null } };
      fieldErrors: {
        name: 'fieldErrors';
        type: {
          kind: 'LIST';
          name: never;
          ofType: { kind: 'NON_NULL'; name: never; ofType: { kind: 'OBJECT'; name: 'FieldError'; ofType: null } };
        };
      };
      message: { name: 'message'; type: { kind: 'SCALAR'; name: 'String'; ofType: null } };
    };
  };
  Vendor: { name: 'Vendor'; enumValues: 'AKAMAI' | 'CPANEL' | 'HUAWEI' | 'SLASHID' | 'TWOSMS' };
  VendorError: {
    kind: 'OBJECT';
    name: 'VendorError';
    fields: {
      auditEvent: { name: 'auditEvent'; type: { kind: 'OBJECT'; name: 'AuditEvent'; ofType: null } };
      httpStatus: { name: 'httpStatus'; type: { kind: 'SCALAR'; name: 'Int'; ofType: null } };
      message: { name: 'message'; type: { kind: 'SCALAR'; name: 'String'; ofType: null } };
      retryable: { name: 'retryable'; type: { kind: 'SCALAR'; name: 'Boolean'; ofType: null } };
      vendor: { name: 'vendor'; type: { kind: 'ENUM'; name: 'Vendor'; ofType: null } };
      vendorCode: { name: 'vendorCode'; type: { kind: 'SCALAR'; name: 'String'; ofType: null } };
    };
  };
  VendorMutation: {
    name: 'VendorMutation';
    enumValues:
      | 'createAkamaiCustomProvider'
      | 'createHuaweiIdentityProvider'
      | 'createSlashIdOidcCredential'
      | 'createTwoSmsIdentityProvider'
      | 'deleteHuaweiIdentityProvider'
      | 'deleteSlashIdOidcCredential'
      | 'deleteTwoSmsIdentityProvider'
      | 'setCpanelClientConfiguration'
      | 'setCpanelDisplayConfiguration'
      | 'setCpanelProviderEnabled'
      | 'setHuaweiOidcConfig'
      | 'updateAkamaiCustomProvider'
      | 'updateHuaweiIdentityProvider'
      | 'updateSlashIdOidcCredential'
      | 'updateTwoSmsIdentityProvider'
      | 'verifyTwoSmsDomain';
  };
  VendorRequestSummary: {
    kind: 'OBJECT';
    name: 'VendorRequestSummary';
    fields: {
      durationMs: { name: 'durationMs'; type: { kind: 'SCALAR'; name: 'Int'; ofType: null } };
      method: { name: 'method'; type: { kind: 'SCALAR'; name: 'String'; ofType: null } };
      path: { name: 'path'; type: { kind: 'SCALAR'; name: 'String'; ofType: null } };
      query: { name: 'query'; type: { kind: 'SCALAR'; name: 'JSON'; ofType: null } };
      status: { name: 'status'; type: { kind: 'SCALAR'; name: 'Int'; ofType: null } };
    };
  };
  VerifyTwoSmsDomainInput: {
    kind: 'INPUT_OBJECT';
    name: 'VerifyTwoSmsDomainInput';
    isOneOf: false;
    inputFields: [
      { name: 'dryRun'; type: { kind: 'SCALAR'; name: 'Boolean'; ofType: null }; defaultValue: null },
      { name: 'expectedVersion'; type: { kind: 'SCALAR'; name: 'String'; ofType: null }; defaultValue: null },
      { name: 'id'; type: { kind: 'NON_NULL'; name: never; ofType: { kind: 'SCALAR'; name: 'ID'; ofType: null } }; defaultValue: null },
      { name: 'idempotencyKey'; type: { kind: 'SCALAR'; name: 'String'; ofType: null }; defaultValue: null },
    ];
  };
  VerifyTwoSmsDomainPayload: {
    kind: 'OBJECT';
    name: 'VerifyTwoSmsDomainPayload';
    fields: {
      auditEvent: { name: 'auditEvent'; type: { kind: 'OBJECT'; name: 'AuditEvent'; ofType: null } };
      changes: {
        name: 'changes';
        type: {
          kind: 'LIST';
          name: never;
          ofType: { kind: 'NON_NULL'; name: never; ofType: { kind: 'OBJECT'; name: 'FieldChange'; ofType: null } };
        };
      };
      dryRun: { name: 'dryRun'; type: { kind: 'SCALAR'; name: 'Boolean'; ofType: null } };
      provider: { name: 'provider'; type: { kind: 'UNION'; name: 'IdentityProvider'; ofType: null } };
      replayed: { name: 'replayed'; type: { kind: 'SCALAR'; name: 'Boolean'; ofType: null } };
      vendorRequests: {
        name: 'vendorRequests';
        type: {
          kind: 'LIST';
          name: never;
          ofType: { kind: 'NON_NULL'; name: never; ofType: { kind: 'OBJECT'; name: 'PlannedVendorRequest'; ofType: null } };
        };
      };
    };
  };
  VerifyTwoSmsDomainResult: {
    kind: 'UNION';
    name: 'VerifyTwoSmsDomainResult';
    fields: {};
    possibleTypes:
      | 'ChangeInProgressError'
      | 'ForbiddenError'
      | 'IdempotencyInProgressError'
      | 'IdempotencyKeyReuseError'
      | 'MutationInterruptedError'
      | 'NotFoundError'
      | 'OutcomePendingError'
      | 'StoreUnavailableError'
      | 'ValidationError'
      | 'VendorError'
      | 'VerifyTwoSmsDomainPayload'
      | 'VersionConflictError';
  };
  VersionChange: {
    kind: 'OBJECT';
    name: 'VersionChange';
    fields: {
      after: { name: 'after'; type: { kind: 'SCALAR'; name: 'JSON'; ofType: null } };
      before: { name: 'before'; type: { kind: 'SCALAR'; name: 'JSON'; ofType: null } };
      path: { name: 'path'; type: { kind: 'SCALAR'; name: 'String'; ofType: null } };
      secret: { name: 'secret'; type: { kind: 'SCALAR'; name: 'Boolean'; ofType: null } };
    };
  };
  VersionConflictError: {
    kind: 'OBJECT';
    name: 'VersionConflictError';
    fields: {
      auditEvent: { name: 'auditEvent'; type: { kind: 'OBJECT'; name: 'AuditEvent'; ofType: null } };
      changes: {
        name: 'changes';
        type: {
          kind: 'LIST';
          name: never;
          ofType: { kind: 'NON_NULL'; name: never; ofType: { kind: 'OBJECT'; name: 'VersionChange'; ofType: null } };
        };
      };
      currentVersion: { name: 'currentVersion'; type: { kind: 'SCALAR'; name: 'String'; ofType: null } };
      expectedVersion: { name: 'expectedVersion'; type: { kind: 'SCALAR'; name: 'String'; ofType: null } };
      message: { name: 'message'; type: { kind: 'SCALAR'; name: 'String'; ofType: null } };
    };
  };
};

/** An IntrospectionQuery representation of your schema.
 *
 * @remarks
 * This is an introspection of your schema saved as a file by GraphQLSP.
 * It will automatically be used by `gql.tada` to infer the types of your GraphQL documents.
 * If you need to reuse this data or update your `scalars`, update `tadaOutputLocation` to
 * instead save to a .ts instead of a .d.ts file.
 */
export type introspection = {
  name: never;
  query: 'Query';
  mutation: 'Mutation';
  subscription: 'Subscription';
  types: introspection_types;
};

import * as gqlTada from 'gql.tada';

declare module 'gql.tada' {
  interface setupSchema {
    introspection: introspection;
  }
}
