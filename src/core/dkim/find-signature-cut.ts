import type { Cut } from './canonicalize-header.ts';
import { findTagValue } from './find-tag-value.ts';
import { latin1 } from './latin1.ts';
import type { RawField } from './split-message.ts';

/** RFC 6376 §3.7: the bytes of a signature field's b= value (and the whitespace around it) that
 * are left out when the field is part of its own signed data; null when it has no b=. */
export function findSignatureCut(bytes: Uint8Array, field: RawField): Cut | null {
  const valueStart = field.colon + 1;
  const span = findTagValue(latin1(bytes, valueStart, field.end), 'b');
  return span === null ? null : { start: valueStart + span.start, end: valueStart + span.end };
}
