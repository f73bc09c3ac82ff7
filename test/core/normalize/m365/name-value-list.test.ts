import { describe, expect, it } from 'vitest';
import { readBool, readNameValues } from '../../../../lib/core/normalize/m365/name-value-list.ts';

describe('readNameValues', () => {
  it('reads a Name/Value array with case-insensitive names', () => {
    const m = readNameValues([{ Name: 'MailAccessType', Value: 'Bind' }, { Name: 'IsThrottled', Value: true }, { Name: 'Count', Value: 3 }]);
    expect([...m]).toEqual([['mailaccesstype', 'Bind'], ['isthrottled', 'true'], ['count', '3']]);
  });

  it('decodes a list sent as JSON in a string', () => {
    expect(readNameValues('[{"Name":"MailAccessType","Value":"Sync"}]').get('mailaccesstype')).toBe('Sync');
    expect(readNameValues('[]').size).toBe(0);
  });

  it('reads NewValue when there is no Value (Entra ModifiedProperties)', () => {
    expect(readNameValues([{ Name: 'UserType', NewValue: '["Guest"]', OldValue: '[]' }]).get('usertype')).toBe('["Guest"]');
  });

  it('skips non-pairs and tolerates junk', () => {
    expect(readNameValues([null, 'x', { Value: 'no name' }, { Name: 'Ok', Value: 'y' }, { Name: 'Obj', Value: { a: 1 } }])).toEqual(new Map([['ok', 'y']]));
    expect(readNameValues('[{"Name":').size).toBe(0);
    expect(readNameValues('{"Name":"a","Value":"b"}').size).toBe(0);
    expect(readNameValues(undefined).size).toBe(0);
    expect(readNameValues(17).size).toBe(0);
  });
});

describe('readBool', () => {
  it.each([['True', true], ['false', false], [true, true], [' FALSE ', false], ['yes', undefined], [undefined, undefined]] as const)(
    '%j → %j', (raw, expected) => {
      expect(readBool(raw)).toBe(expected);
    },
  );
});
