/**
 * respun: tell when one news article is a rewrite ("spin") of another, and what the rewrite changed.
 * This file only re-exports; every stage lives in its own module.
 */
export type {
  Article,
  Verdict,
  TextSpan,
  Scores,
  Alignment,
  AlignmentKind,
  Quote,
  FindingKind,
  Severity,
  Finding,
  RewriteReport,
} from './types';
export {
  RespunError,
  InvalidInputError,
  InvalidOptionError,
  IncompatibleSignatureError,
  StorageError,
  isRespunError,
} from './errors';
export { detectRewrites } from './compare/detect';
export type { DetectOptions } from './compare/detect';
