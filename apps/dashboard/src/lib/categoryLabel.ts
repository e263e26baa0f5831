import type { StatisticType } from '@coffee/aggregation';

/** Display name of a category: age grades `2030` → `20–30`, `9999` → `Unknown`; others unchanged. */
export function categoryLabel(type: StatisticType, category: string): string {
  if (type === 'CustomerAgeGrades' && category === '9999') {
    return 'Unknown';
  }
  if (type === 'CustomerAgeGrades' && /^\d{4}$/.test(category)) {
    return `${Number(category.slice(0, 2))}–${Number(category.slice(2, 4))}`;
  }
  return category;
}
