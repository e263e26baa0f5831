// Vocabulary used when `/api/config` has none (the gateway's config is preferred): each type's known categories.
import { perStatisticType } from '@coffee/aggregation';
import type { Vocabulary } from './types';

export const DEFAULT_VOCABULARY: Vocabulary = perStatisticType((_, spec) => spec.known);
