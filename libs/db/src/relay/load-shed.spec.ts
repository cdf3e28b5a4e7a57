import type { AlertCommand } from './load-shed';
import { loadShedOf } from './load-shed';

const off = (status: AlertCommand['status'], confirmedMs: number | null = null): AlertCommand => ({ state: 'off', status, confirmedMs });
const on = (status: AlertCommand['status'], confirmedMs: number | null = null): AlertCommand => ({ state: 'on', status, confirmedMs });

describe('loadShedOf: an alert’s load-shedding state from its relay commands', () => {
  it('is null for an alert that shed no load', () => {
    expect(loadShedOf([])).toBeNull();
  });

  it('follows the cut: requested, then confirmed, failed or expired', () => {
    expect(loadShedOf([off('requested')])).toBe('requested');
    expect(loadShedOf([off('confirmed', 10)])).toBe('confirmed');
    expect(loadShedOf([off('failed')])).toBe('failed');
    expect(loadShedOf([off('expired')])).toBe('expired');
  });

  it('stays confirmed while the `on` that ends a confirmed cut is not confirmed yet, or when the cut is superseded', () => {
    expect(loadShedOf([off('restored', 10), on('requested')])).toBe('confirmed');
    expect(loadShedOf([off('restored', 10), on('failed')])).toBe('confirmed');
    expect(loadShedOf([off('superseded', 10)])).toBe('confirmed');
  });

  it('stays requested when an unconfirmed cut was superseded (an undo not confirmed yet)', () => {
    expect(loadShedOf([off('superseded'), on('requested')])).toBe('requested');
  });

  it('is restored once the device confirms an `on` for the alert, whatever the cut became', () => {
    expect(loadShedOf([off('restored', 10), on('confirmed', 20)])).toBe('restored');
    expect(loadShedOf([off('superseded'), on('confirmed', 20)])).toBe('restored');
    expect(loadShedOf([off('failed'), on('confirmed', 20)])).toBe('restored');
  });

  it('is confirmed again when the cut is confirmed after the `on` (a late confirmation)', () => {
    expect(loadShedOf([off('confirmed', 30), on('confirmed', 20)])).toBe('confirmed');
  });
});
