// Who the caller is: its role decides what the console offers.
import { graphql, persisted } from '../graphql.js';

export const CallerQuery = persisted(
  graphql(`
    query ConsoleCaller {
      caller { name role anonymous connectionIds }
    }
  `),
);
