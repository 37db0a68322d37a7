// The cap of a list in a mutation's input: the vendors document none for the lists the gateway takes (scopes,
// attribute mappings, certificate chains, extra configuration fields), so without one only the 1 MB request body
// bounded them (tens of thousands of items, each checked, planned, diffed and sent). One cap for every vendor, in
// one place, refused with the field's name before anything is read or sent.
import { z } from 'zod';

/** Items a list in a mutation's input may hold. */
export const MAX_INPUT_LIST_ITEMS = 100;

/** A list of `item` of at most `max` items, refused past it as "<field> lists at most <max> items". */
export function boundedList<T extends z.ZodType>(item: T, field: string, max = MAX_INPUT_LIST_ITEMS) {
  return z.array(item).max(max, `${field} lists at most ${max} items`);
}
