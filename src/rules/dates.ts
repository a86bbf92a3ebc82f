import { z } from 'zod';

/** A calendar date written YYYY-MM-DD that exists (no 2018-02-30). */
export const isoDateSchema = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'expected a date written YYYY-MM-DD')
  .refine(isRealDate, { message: 'is not a real calendar date' });

export type IsoDate = string;

export function isRealDate(value: string): boolean {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  if (!match) return false;
  const [y, m, d] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const date = new Date(Date.UTC(y, m - 1, d));
  return date.getUTCFullYear() === y && date.getUTCMonth() === m - 1 && date.getUTCDate() === d;
}

/** ISO dates compare correctly as strings; this names the intent. */
export function isWithin(date: IsoDate, from: IsoDate, to: IsoDate | undefined): boolean {
  return date >= from && (to === undefined || date <= to);
}

/** Whole years between a birth date and a reference date (the age a registry would record). */
export function ageOn(birthDate: IsoDate, asOf: IsoDate): number {
  const [by, bm, bd] = birthDate.split('-').map(Number) as [number, number, number];
  const [ay, am, ad] = asOf.split('-').map(Number) as [number, number, number];
  let age = ay - by;
  if (am < bm || (am === bm && ad < bd)) age -= 1;
  return age;
}

export function fiscalYearOf(date: IsoDate): number {
  return Number(date.slice(0, 4));
}

export function today(): IsoDate {
  return new Date().toISOString().slice(0, 10);
}
