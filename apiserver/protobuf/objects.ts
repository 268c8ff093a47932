/**
 * Schemas of the top-level objects kubectl's typed commands send as protobuf (`create namespace`,
 * `create configmap|secret|deployment|service|ingress`), with field numbers from k8s.io/api
 * core/v1, apps/v1 and networking/v1 generated.proto.
 */
import { IntOrString, LabelSelector, ObjectMeta } from './meta.js';
import { emptyStatus, PodTemplateSpec } from './pod.js';
import type { MessageSchema } from './schema.js';

export const Namespace: MessageSchema = {
  name: 'Namespace',
  fields: {
    1: { name: 'metadata', type: ObjectMeta },
    2: { name: 'spec', type: { name: 'NamespaceSpec', fields: { 1: { name: 'finalizers', type: 'string', repeated: true } } } },
    3: { name: 'status', type: emptyStatus('NamespaceStatus') },
  },
};

export const ConfigMap: MessageSchema = {
  name: 'ConfigMap',
  fields: {
    1: { name: 'metadata', type: ObjectMeta },
    4: { name: 'immutable', type: 'bool', optional: true },
    2: { name: 'data', type: 'string', map: true },
    3: { name: 'binaryData', type: 'bytes', map: true },
  },
};

export const Secret: MessageSchema = {
  name: 'Secret',
  fields: {
    1: { name: 'metadata', type: ObjectMeta },
    5: { name: 'immutable', type: 'bool', optional: true },
    2: { name: 'data', type: 'bytes', map: true },
    4: { name: 'stringData', type: 'string', map: true },
    3: { name: 'type', type: 'string' },
  },
};

export const ServicePort: MessageSchema = {
  name: 'ServicePort',
  fields: {
    1: { name: 'name', type: 'string' },
    2: { name: 'protocol', type: 'string' },
    6: { name: 'appProtocol', type: 'string', optional: true },
    3: { name: 'port', type: 'int32' },
    4: { name: 'targetPort', type: IntOrString },
    5: { name: 'nodePort', type: 'int32' },
  },
};

export const ServiceSpec: MessageSchema = {
  name: 'ServiceSpec',
  fields: {
    1: { name: 'ports', type: ServicePort, repeated: true },
    2: { name: 'selector', type: 'string', map: true },
    3: { name: 'clusterIP', type: 'string' },
    18: { name: 'clusterIPs', type: 'string', repeated: true },
    4: { name: 'type', type: 'string' },
    5: { name: 'externalIPs', type: 'string', repeated: true },
    7: { name: 'sessionAffinity', type: 'string' },
    8: { name: 'loadBalancerIP', type: 'string' },
    9: { name: 'loadBalancerSourceRanges', type: 'string', repeated: true },
    10: { name: 'externalName', type: 'string' },
    11: { name: 'externalTrafficPolicy', type: 'string' },
    12: { name: 'healthCheckNodePort', type: 'int32' },
    13: { name: 'publishNotReadyAddresses', type: 'bool' },
    19: { name: 'ipFamilies', type: 'string', repeated: true },
    17: { name: 'ipFamilyPolicy', type: 'string', optional: true },
    20: { name: 'allocateLoadBalancerNodePorts', type: 'bool', optional: true },
    21: { name: 'loadBalancerClass', type: 'string', optional: true },
    22: { name: 'internalTrafficPolicy', type: 'string', optional: true },
  },
};

export const Service: MessageSchema = {
  name: 'Service',
  fields: { 1: { name: 'metadata', type: ObjectMeta }, 2: { name: 'spec', type: ServiceSpec }, 3: { name: 'status', type: emptyStatus('ServiceStatus') } },
};

export const DeploymentStrategy: MessageSchema = {
  name: 'DeploymentStrategy',
  fields: {
    1: { name: 'type', type: 'string' },
    2: {
      name: 'rollingUpdate',
      type: {
        name: 'RollingUpdateDeployment',
        fields: { 1: { name: 'maxUnavailable', type: IntOrString, optional: true }, 2: { name: 'maxSurge', type: IntOrString, optional: true } },
      },
    },
  },
};

export const DeploymentSpec: MessageSchema = {
  name: 'DeploymentSpec',
  fields: {
    1: { name: 'replicas', type: 'int32', optional: true },
    2: { name: 'selector', type: LabelSelector },
    3: { name: 'template', type: PodTemplateSpec },
    4: { name: 'strategy', type: DeploymentStrategy },
    5: { name: 'minReadySeconds', type: 'int32' },
    6: { name: 'revisionHistoryLimit', type: 'int32', optional: true },
    7: { name: 'paused', type: 'bool' },
    9: { name: 'progressDeadlineSeconds', type: 'int32', optional: true },
  },
};

export const Deployment: MessageSchema = {
  name: 'Deployment',
  fields: { 1: { name: 'metadata', type: ObjectMeta }, 2: { name: 'spec', type: DeploymentSpec }, 3: { name: 'status', type: emptyStatus('DeploymentStatus') } },
};

export const IngressBackend: MessageSchema = {
  name: 'IngressBackend',
  fields: {
    4: {
      name: 'service',
      type: {
        name: 'IngressServiceBackend',
        fields: {
          1: { name: 'name', type: 'string' },
          2: { name: 'port', type: { name: 'ServiceBackendPort', fields: { 1: { name: 'name', type: 'string' }, 2: { name: 'number', type: 'int32' } } } },
        },
      },
    },
    3: {
      name: 'resource',
      type: { name: 'TypedLocalObjectReference', fields: { 1: { name: 'apiGroup', type: 'string', optional: true }, 2: { name: 'kind', type: 'string' }, 3: { name: 'name', type: 'string' } } },
    },
  },
};

const HTTPIngressPath: MessageSchema = {
  name: 'HTTPIngressPath',
  fields: { 1: { name: 'path', type: 'string' }, 3: { name: 'pathType', type: 'string', optional: true }, 2: { name: 'backend', type: IngressBackend } },
};

/** IngressRuleValue is embedded in IngressRule: `http` appears beside `host` in JSON. */
const IngressRule: MessageSchema = {
  name: 'IngressRule',
  fields: {
    1: { name: 'host', type: 'string' },
    2: {
      name: 'ingressRuleValue',
      inline: true,
      type: { name: 'IngressRuleValue', fields: { 1: { name: 'http', type: { name: 'HTTPIngressRuleValue', fields: { 1: { name: 'paths', type: HTTPIngressPath, repeated: true } } } } } },
    },
  },
};

export const IngressSpec: MessageSchema = {
  name: 'IngressSpec',
  fields: {
    4: { name: 'ingressClassName', type: 'string', optional: true },
    1: { name: 'defaultBackend', type: IngressBackend },
    2: { name: 'tls', type: { name: 'IngressTLS', fields: { 1: { name: 'hosts', type: 'string', repeated: true }, 2: { name: 'secretName', type: 'string' } } }, repeated: true },
    3: { name: 'rules', type: IngressRule, repeated: true },
  },
};

export const Ingress: MessageSchema = {
  name: 'Ingress',
  fields: { 1: { name: 'metadata', type: ObjectMeta }, 2: { name: 'spec', type: IngressSpec }, 3: { name: 'status', type: emptyStatus('IngressStatus') } },
};
