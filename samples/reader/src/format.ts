import { digits } from "./config.js";

// Dates always in Egyptian Arabic (the site's language), with the configured digits; the numbering system is part of
// the locale so numbers and dates agree.
const locale = `ar-EG-u-nu-${digits}`;
const dateFormat = new Intl.DateTimeFormat(locale, { dateStyle: "long", timeStyle: "short", timeZone: "Africa/Cairo" });
const shortDateFormat = new Intl.DateTimeFormat(locale, { dateStyle: "medium", timeZone: "Africa/Cairo" });
const numberFormat = new Intl.NumberFormat(locale);

export const formatDate = (iso: string): string => dateFormat.format(new Date(iso));
export const formatShortDate = (iso: string): string => shortDateFormat.format(new Date(iso));
export const formatNumber = (value: number): string => numberFormat.format(value);

export function readingTime(minutes: number): string {
  if (minutes <= 1) return "قراءة في دقيقة";
  if (minutes === 2) return "قراءة في دقيقتين";
  return `قراءة في ${formatNumber(minutes)} ${minutes <= 10 ? "دقائق" : "دقيقة"}`;
}

export function commentCount(count: number): string {
  if (count === 0) return "لا تعليقات";
  if (count === 1) return "تعليق واحد";
  if (count === 2) return "تعليقان";
  return `${formatNumber(count)} ${count <= 10 ? "تعليقات" : "تعليقًا"}`;
}
