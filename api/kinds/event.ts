/** core/v1 Event and ConfigMap: kinds without a spec. */
import { ageSince } from '../duration.js';
import { isRecord } from '../guards.js';
import { CONFIG_MAP_REST, EVENT_FIELDS } from '../schemas.js';
import { checkShape } from '../shape.js';
import { column } from '../table.js';
import type { Event } from '../types.js';
import { checkStringMap } from '../validation.js';
import { identity, type KindDefinition } from './kind.js';

export const event: KindDefinition = {
  ...identity('', 'v1', 'Event', 'events', true, ['ev']),
  subresources: [],
  validate(p, obj) {
    if (!isRecord(obj.involvedObject)) p.required('involvedObject');
    else checkShape(p, '', obj, EVENT_FIELDS);
  },
  printer: {
    columns: [column('Last Seen'), column('Type'), column('Reason'), column('Object'), column('Message'), column('Source', 1), column('First Seen', 1), column('Count', 1), column('Name', 1)],
    cells(o, now) {
      const e = o as Event;
      const io = e.involvedObject;
      return [ageSince(e.lastTimestamp ?? e.metadata.creationTimestamp, now), e.type ?? '', e.reason ?? '', `${(io.kind ?? '').toLowerCase()}/${io.name ?? ''}`, e.message ?? '',
        e.source?.component ?? '', ageSince(e.firstTimestamp, now), String(e.count ?? 1), e.metadata.name];
    },
  },
  strategy: { keepStatusOnCreate: true },
  namespaceDeletion: 'last',
};

export const configMap: KindDefinition = {
  ...identity('', 'v1', 'ConfigMap', 'configmaps', true, ['cm']),
  subresources: [],
  validate(p, obj) {
    checkStringMap(p, 'data', obj.data, false);
    checkShape(p, '', obj, CONFIG_MAP_REST);
  },
  printer: {
    columns: [column('Name', 0, 'name'), column('Data', 0, '', 'integer'), column('Age')],
    cells(o, now) {
      // kubectl counts data and binaryData together.
      const cm = o as { data?: object; binaryData?: object };
      return [o.metadata.name, Object.keys(cm.data ?? {}).length + Object.keys(cm.binaryData ?? {}).length, ageSince(o.metadata.creationTimestamp, now)];
    },
  },
};
