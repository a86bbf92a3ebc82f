import { z } from 'zod';

/** Minor units per major unit for the currencies the sources use. */
export const CURRENCY_DIGITS = { MXN: 2, USD: 2, EUR: 2, UYU: 2, ARS: 2, BRL: 2, PYG: 0 } as const;
export type Currency = keyof typeof CURRENCY_DIGITS;
export const currencySchema = z.enum(Object.keys(CURRENCY_DIGITS) as [Currency, ...Currency[]]);

/** Money inside Vincula: an integer count of minor units and its currency, never a float. */
export interface Money {
  minor: number;
  currency: Currency;
}

const DECIMAL = /^-?\d+(\.\d+)?$/;

/**
 * The largest amount a request may ask for, in minor units: 10^13 (100 000 000 000.00 in a currency
 * with cents). Far inside the integers a double holds exactly, so sums of such amounts stay exact.
 */
export const MAX_REQUEST_MINOR = 10 ** 13;

/**
 * Parses an amount written in major units, as a whole number (50000) or a decimal string
 * ("1399800.50"), into minor units. Fractional numbers are refused: they may already have lost cents.
 */
export function parseAmount(amount: number | string, currency: Currency): number {
  const digits = CURRENCY_DIGITS[currency];
  if (typeof amount === 'number') {
    if (!Number.isSafeInteger(amount)) {
      throw new Error(
        `amount ${amount} is not a whole number: write fractional amounts as a decimal string, e.g. "${amount}"`,
      );
    }
    const minor = amount * 10 ** digits;
    if (!Number.isSafeInteger(minor)) throw new Error(`${amount} is too large`);
    return minor;
  }
  if (!DECIMAL.test(amount)) throw new Error(`"${amount}" is not a decimal amount`);
  const [whole = '0', fraction = ''] = amount.replace('-', '').split('.');
  if (fraction.length > digits) {
    throw new Error(`"${amount}" has more decimals than ${currency} allows (${digits})`);
  }
  const minor = Number(whole) * 10 ** digits + Number(fraction.padEnd(digits, '0') || '0');
  if (!Number.isSafeInteger(minor)) throw new Error(`"${amount}" is too large`);
  return amount.startsWith('-') ? -minor : minor;
}

/** The way rule files write money: `{ amount: 50000, currency: MXN }`. */
export const moneySchema = z
  .object({ amount: z.union([z.number(), z.string()]), currency: currencySchema })
  .strict()
  .transform((value, ctx): Money => {
    try {
      return { minor: parseAmount(value.amount, value.currency), currency: value.currency };
    } catch (error) {
      ctx.addIssue({ code: 'custom', message: (error as Error).message, path: ['amount'] });
      return z.NEVER;
    }
  });

export function formatMoney(money: Money, locale: 'es' | 'en' = 'es'): string {
  const digits = CURRENCY_DIGITS[money.currency];
  const major = money.minor / 10 ** digits;
  const text = new Intl.NumberFormat(locale === 'es' ? 'es-MX' : 'en-US', {
    minimumFractionDigits: money.minor % 10 ** digits === 0 ? 0 : digits,
    maximumFractionDigits: digits,
  }).format(major);
  return `${text} ${money.currency}`;
}

export function sumMoney(items: readonly Money[], currency: Currency): Money {
  let minor = 0;
  for (const item of items) {
    if (item.currency !== currency) throw new Error(`cannot add ${item.currency} to ${currency}`);
    minor += item.minor;
  }
  return { minor, currency };
}

/** Money as JSON: a decimal string in major units and the currency. */
export function moneyJson(money: Money): { amount: string; currency: Currency } {
  const digits = CURRENCY_DIGITS[money.currency];
  const sign = money.minor < 0 ? '-' : '';
  const abs = Math.abs(money.minor);
  const whole = Math.floor(abs / 10 ** digits);
  const fraction = digits ? `.${String(abs % 10 ** digits).padStart(digits, '0')}` : '';
  return { amount: `${sign}${whole}${fraction}`, currency: money.currency };
}
