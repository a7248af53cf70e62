import { describe, expect, it } from 'vitest';
import type { Annotation, Label } from '../../common/domain.js';
import {
  annotationName,
  entityTypeOf,
  formatDate,
  formatRelative,
  plural,
  relationTypeName,
  truncate,
} from '../../renderer/workbench/format.js';

const label = (subtype: string | null, name = 'Country'): Label => ({
  id: 'l',
  name,
  kind: subtype ? 'entity' : 'claim',
  subtype,
  color: '#ff7f0e',
  key: 'g',
  attributes: [],
  position: 0,
});

describe('format', () => {
  it('names annotations as a person reads them', () => {
    const annotation = { quote: 'Iraq,\n  Russia   and Syria' } as Annotation;
    expect(annotationName(annotation, label('country'))).toBe('Country: Iraq, Russia and Syria');
    expect(annotationName(annotation, undefined, 10)).toBe('Unknown label: Iraq, Rus…');
  });

  it('formats dates, counts, relation types and entity types', () => {
    expect(formatDate('2015-09-27')).toBe('27 Sep 2015');
    expect(formatDate(null)).toBe('undated');
    expect(plural(1, 'claim')).toBe('1 claim');
    expect(plural(2, 'entity', 'entities')).toBe('2 entities');
    expect(relationTypeName('attributed_to')).toBe('attributed to');
    expect(entityTypeOf(label('group'))).toBe('group');
    expect(entityTypeOf(label('weapon'))).toBe('other');
    expect(entityTypeOf(undefined)).toBe('other');
    expect(truncate('a'.repeat(10), 5)).toBe('aaaa…');
  });

  it('says how long ago something happened', () => {
    const now = Date.parse('2026-01-01T12:00:00Z');
    expect(formatRelative('2026-01-01T11:59:40Z', now)).toBe('just now');
    expect(formatRelative('2026-01-01T11:45:00Z', now)).toBe('15 min ago');
    expect(formatRelative('2026-01-01T09:00:00Z', now)).toBe('3 h ago');
    expect(formatRelative('2025-12-01T09:00:00Z', now)).toMatch(/2025/);
  });
});
