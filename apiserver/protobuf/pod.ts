/**
 * Schemas of core/v1 Pod, PodSpec, PodTemplateSpec and Container with what they hold, with field
 * numbers from k8s.io/api core/v1/generated.proto. Fields Tugboat does not implement (affinity,
 * securityContext, lifecycle, most volume sources) are not listed, so they are skipped.
 */
import { IntOrString, ObjectMeta, Quantity } from './meta.js';
import type { MessageSchema } from './schema.js';

/** Status is the server's to write: the fields a client sends there are skipped, `status: {}` is kept. */
export const emptyStatus = (name: string): MessageSchema => ({ name, fields: {} });

export const LocalObjectReference: MessageSchema = { name: 'LocalObjectReference', fields: { 1: { name: 'name', type: 'string' } } };

export const ContainerPort: MessageSchema = {
  name: 'ContainerPort',
  fields: {
    1: { name: 'name', type: 'string' },
    2: { name: 'hostPort', type: 'int32' },
    3: { name: 'containerPort', type: 'int32' },
    4: { name: 'protocol', type: 'string' },
    5: { name: 'hostIP', type: 'string' },
  },
};

const keySelector = (name: string): MessageSchema => ({
  name,
  fields: {
    1: { name: 'localObjectReference', type: LocalObjectReference, inline: true },
    2: { name: 'key', type: 'string' },
    3: { name: 'optional', type: 'bool', optional: true },
  },
});

export const EnvVarSource: MessageSchema = {
  name: 'EnvVarSource',
  fields: {
    1: { name: 'fieldRef', type: { name: 'ObjectFieldSelector', fields: { 1: { name: 'apiVersion', type: 'string' }, 2: { name: 'fieldPath', type: 'string' } } } },
    2: {
      name: 'resourceFieldRef',
      type: { name: 'ResourceFieldSelector', fields: { 1: { name: 'containerName', type: 'string' }, 2: { name: 'resource', type: 'string' }, 3: { name: 'divisor', type: Quantity } } },
    },
    3: { name: 'configMapKeyRef', type: keySelector('ConfigMapKeySelector') },
    4: { name: 'secretKeyRef', type: keySelector('SecretKeySelector') },
  },
};

export const EnvVar: MessageSchema = {
  name: 'EnvVar',
  fields: { 1: { name: 'name', type: 'string' }, 2: { name: 'value', type: 'string' }, 3: { name: 'valueFrom', type: EnvVarSource } },
};

const envSource = (name: string): MessageSchema => ({
  name,
  fields: { 1: { name: 'localObjectReference', type: LocalObjectReference, inline: true }, 2: { name: 'optional', type: 'bool', optional: true } },
});

export const EnvFromSource: MessageSchema = {
  name: 'EnvFromSource',
  fields: {
    1: { name: 'prefix', type: 'string' },
    2: { name: 'configMapRef', type: envSource('ConfigMapEnvSource') },
    3: { name: 'secretRef', type: envSource('SecretEnvSource') },
  },
};

export const ResourceRequirements: MessageSchema = {
  name: 'ResourceRequirements',
  fields: {
    1: { name: 'limits', type: Quantity, map: true },
    2: { name: 'requests', type: Quantity, map: true },
    3: { name: 'claims', type: { name: 'ResourceClaim', fields: { 1: { name: 'name', type: 'string' }, 2: { name: 'request', type: 'string' } } }, repeated: true },
  },
};

export const VolumeMount: MessageSchema = {
  name: 'VolumeMount',
  fields: {
    1: { name: 'name', type: 'string' },
    2: { name: 'readOnly', type: 'bool' },
    3: { name: 'mountPath', type: 'string' },
    4: { name: 'subPath', type: 'string' },
    5: { name: 'mountPropagation', type: 'string', optional: true },
    6: { name: 'subPathExpr', type: 'string' },
  },
};

export const ProbeHandler: MessageSchema = {
  name: 'ProbeHandler',
  fields: {
    1: { name: 'exec', type: { name: 'ExecAction', fields: { 1: { name: 'command', type: 'string', repeated: true } } } },
    2: {
      name: 'httpGet',
      type: {
        name: 'HTTPGetAction',
        fields: {
          1: { name: 'path', type: 'string' },
          2: { name: 'port', type: IntOrString },
          3: { name: 'host', type: 'string' },
          4: { name: 'scheme', type: 'string' },
          5: { name: 'httpHeaders', type: { name: 'HTTPHeader', fields: { 1: { name: 'name', type: 'string' }, 2: { name: 'value', type: 'string' } } }, repeated: true },
        },
      },
    },
    3: { name: 'tcpSocket', type: { name: 'TCPSocketAction', fields: { 1: { name: 'port', type: IntOrString }, 2: { name: 'host', type: 'string' } } } },
  },
};

export const Probe: MessageSchema = {
  name: 'Probe',
  fields: {
    1: { name: 'handler', type: ProbeHandler, inline: true },
    2: { name: 'initialDelaySeconds', type: 'int32' },
    3: { name: 'timeoutSeconds', type: 'int32' },
    4: { name: 'periodSeconds', type: 'int32' },
    5: { name: 'successThreshold', type: 'int32' },
    6: { name: 'failureThreshold', type: 'int32' },
    7: { name: 'terminationGracePeriodSeconds', type: 'int64', optional: true },
  },
};

export const Container: MessageSchema = {
  name: 'Container',
  fields: {
    1: { name: 'name', type: 'string' },
    2: { name: 'image', type: 'string' },
    3: { name: 'command', type: 'string', repeated: true },
    4: { name: 'args', type: 'string', repeated: true },
    5: { name: 'workingDir', type: 'string' },
    6: { name: 'ports', type: ContainerPort, repeated: true },
    19: { name: 'envFrom', type: EnvFromSource, repeated: true },
    7: { name: 'env', type: EnvVar, repeated: true },
    8: { name: 'resources', type: ResourceRequirements },
    24: { name: 'restartPolicy', type: 'string', optional: true },
    9: { name: 'volumeMounts', type: VolumeMount, repeated: true },
    10: { name: 'livenessProbe', type: Probe },
    11: { name: 'readinessProbe', type: Probe },
    22: { name: 'startupProbe', type: Probe },
    13: { name: 'terminationMessagePath', type: 'string' },
    20: { name: 'terminationMessagePolicy', type: 'string' },
    14: { name: 'imagePullPolicy', type: 'string' },
    16: { name: 'stdin', type: 'bool' },
    17: { name: 'stdinOnce', type: 'bool' },
    18: { name: 'tty', type: 'bool' },
  },
};

const KeyToPath: MessageSchema = {
  name: 'KeyToPath',
  fields: { 1: { name: 'key', type: 'string' }, 2: { name: 'path', type: 'string' }, 3: { name: 'mode', type: 'int32', optional: true } },
};

/** VolumeSource is embedded in Volume: its one set member appears beside `name` in JSON. */
export const VolumeSource: MessageSchema = {
  name: 'VolumeSource',
  fields: {
    1: { name: 'hostPath', type: { name: 'HostPathVolumeSource', fields: { 1: { name: 'path', type: 'string' }, 2: { name: 'type', type: 'string', optional: true } } } },
    2: { name: 'emptyDir', type: { name: 'EmptyDirVolumeSource', fields: { 1: { name: 'medium', type: 'string' }, 2: { name: 'sizeLimit', type: Quantity } } } },
    6: {
      name: 'secret',
      type: {
        name: 'SecretVolumeSource',
        fields: {
          1: { name: 'secretName', type: 'string' },
          2: { name: 'items', type: KeyToPath, repeated: true },
          3: { name: 'defaultMode', type: 'int32', optional: true },
          4: { name: 'optional', type: 'bool', optional: true },
        },
      },
    },
    19: {
      name: 'configMap',
      type: {
        name: 'ConfigMapVolumeSource',
        fields: {
          1: { name: 'localObjectReference', type: LocalObjectReference, inline: true },
          2: { name: 'items', type: KeyToPath, repeated: true },
          3: { name: 'defaultMode', type: 'int32', optional: true },
          4: { name: 'optional', type: 'bool', optional: true },
        },
      },
    },
  },
};

export const Volume: MessageSchema = {
  name: 'Volume',
  fields: { 1: { name: 'name', type: 'string' }, 2: { name: 'volumeSource', type: VolumeSource, inline: true } },
};

export const Toleration: MessageSchema = {
  name: 'Toleration',
  fields: {
    1: { name: 'key', type: 'string' },
    2: { name: 'operator', type: 'string' },
    3: { name: 'value', type: 'string' },
    4: { name: 'effect', type: 'string' },
    5: { name: 'tolerationSeconds', type: 'int64', optional: true },
  },
};

export const PodSpec: MessageSchema = {
  name: 'PodSpec',
  fields: {
    1: { name: 'volumes', type: Volume, repeated: true },
    20: { name: 'initContainers', type: Container, repeated: true },
    2: { name: 'containers', type: Container, repeated: true },
    3: { name: 'restartPolicy', type: 'string' },
    4: { name: 'terminationGracePeriodSeconds', type: 'int64', optional: true },
    5: { name: 'activeDeadlineSeconds', type: 'int64', optional: true },
    6: { name: 'dnsPolicy', type: 'string' },
    7: { name: 'nodeSelector', type: 'string', map: true },
    8: { name: 'serviceAccountName', type: 'string' },
    9: { name: 'serviceAccount', type: 'string' },
    21: { name: 'automountServiceAccountToken', type: 'bool', optional: true },
    10: { name: 'nodeName', type: 'string' },
    11: { name: 'hostNetwork', type: 'bool' },
    12: { name: 'hostPID', type: 'bool' },
    13: { name: 'hostIPC', type: 'bool' },
    15: { name: 'imagePullSecrets', type: LocalObjectReference, repeated: true },
    16: { name: 'hostname', type: 'string' },
    17: { name: 'subdomain', type: 'string' },
    19: { name: 'schedulerName', type: 'string' },
    22: { name: 'tolerations', type: Toleration, repeated: true },
    24: { name: 'priorityClassName', type: 'string' },
    25: { name: 'priority', type: 'int32', optional: true },
    29: { name: 'runtimeClassName', type: 'string', optional: true },
    30: { name: 'enableServiceLinks', type: 'bool', optional: true },
    31: { name: 'preemptionPolicy', type: 'string', optional: true },
    35: { name: 'setHostnameAsFQDN', type: 'bool', optional: true },
  },
};

export const PodTemplateSpec: MessageSchema = {
  name: 'PodTemplateSpec',
  fields: { 1: { name: 'metadata', type: ObjectMeta }, 2: { name: 'spec', type: PodSpec } },
};

export const Pod: MessageSchema = {
  name: 'Pod',
  fields: { 1: { name: 'metadata', type: ObjectMeta }, 2: { name: 'spec', type: PodSpec }, 3: { name: 'status', type: emptyStatus('PodStatus') } },
};
