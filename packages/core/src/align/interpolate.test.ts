import { describe, expect, it } from 'vitest';
import { interpolateMissing } from './interpolate.js';

const u = undefined;

describe('interpolateMissing', () => {
  it('nearest: inner gaps take the closer neighbour (ties the earlier), ends are filled', () => {
    expect(interpolateMissing([u, 1, u, u, u, 5, u], 'nearest')).toEqual([1, 1, 1, 1, 5, 5, 5]);
    expect(interpolateMissing([1, u, u, 4], 'nearest')).toEqual([1, 1, 4, 4]);
  });

  it('linear: inner gaps on the line between neighbours', () => {
    expect(interpolateMissing([u, 1, u, u, 4, u], 'linear')).toEqual([1, 1, 2, 3, 4, 4]);
  });

  it('one known value fills everything; none leaves the gaps', () => {
    expect(interpolateMissing([u, 2, u], 'linear')).toEqual([2, 2, 2]);
    expect(interpolateMissing([u, u], 'nearest')).toEqual([u, u]);
  });

  it('ignore leaves gaps', () => {
    expect(interpolateMissing([1, u, 3], 'ignore')).toEqual([1, u, 3]);
  });
});
