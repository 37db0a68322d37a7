// WriteBehind (core/reads/write-behind.ts): per key one write at a time, at most one start per spacing, the latest
// waiting one replacing older ones, failures reported and not fatal, and `idle` starting what waits at once.
import { describe, expect, it } from 'vitest';
import { WriteBehind } from '../../src/core/reads/write-behind.js';

const tick = () => new Promise((resolve) => setTimeout(resolve, 5));

describe('WriteBehind', () => {
  it('runs the first write at once, keeps only the latest of those that come meanwhile, and idle flushes it', async () => {
    const errors: unknown[] = [];
    const behind = new WriteBehind(60_000, (_key, error) => errors.push(error));
    const ran: string[] = [];
    const write = (name: string) => async () => {
      ran.push(name);
    };
    behind.schedule('a', write('a1'));
    for (const name of ['a2', 'a3', 'a4']) behind.schedule('a', write(name));
    behind.schedule('b', write('b1'));
    await tick();
    // a1 and b1 ran; a4 waits for a's spacing (a minute), a2 and a3 were replaced by it.
    expect(ran).toEqual(['a1', 'b1']);
    await behind.idle();
    expect(ran).toEqual(['a1', 'b1', 'a4']);
    expect(errors).toEqual([]);
  });

  it('never runs two writes of one key at once, and lands them in order', async () => {
    const behind = new WriteBehind(0, () => {});
    let running = 0;
    let most = 0;
    const landed: number[] = [];
    const write = (n: number) => async () => {
      running++;
      most = Math.max(most, running);
      await tick();
      landed.push(n);
      running--;
    };
    for (let n = 1; n <= 5; n++) {
      behind.schedule('k', write(n));
      await new Promise((resolve) => setTimeout(resolve, 2));
    }
    await behind.idle();
    expect(most).toBe(1);
    expect(landed[0]).toBe(1);
    expect(landed.at(-1)).toBe(5);
    expect([...landed].sort((x, y) => x - y)).toEqual(landed);
  });

  it('reports a failed write and goes on with the next one', async () => {
    const errors: Array<[string, unknown]> = [];
    const behind = new WriteBehind(0, (key, error) => errors.push([key, error]));
    const ran: string[] = [];
    behind.schedule('k', async () => {
      throw new Error('store gone');
    });
    behind.schedule('k', () => {
      throw new Error('thrown before any promise');
    });
    await behind.idle();
    behind.schedule('k', async () => {
      ran.push('after');
    });
    await behind.idle();
    expect(errors.map(([key, error]) => [key, (error as Error).message])).toEqual([
      ['k', 'store gone'],
      ['k', 'thrown before any promise'],
    ]);
    expect(ran).toEqual(['after']);
  });

  it('starts a waiting write when the spacing has passed, without idle', async () => {
    const behind = new WriteBehind(30, () => {});
    const ran: string[] = [];
    behind.schedule('k', async () => void ran.push('first'));
    behind.schedule('k', async () => void ran.push('second'));
    await tick();
    expect(ran).toEqual(['first']);
    await new Promise((resolve) => setTimeout(resolve, 60));
    expect(ran).toEqual(['first', 'second']);
  });
});
