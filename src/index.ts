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
export { sketch, sketchDoc, sketchHashes, estimateJaccard, minhashValues, resolveSketchOptions, Signature, isSignature, SIGNATURE_FORMAT_VERSION } from './sketch/minhash';
export type { SketchOptions, SketchMethod, SketchFeatures, ResolvedSketchOptions, MinHashParams } from './sketch/minhash';
export { lshParams, falsePositiveProbability, falseNegativeProbability, collisionProbability } from './sketch/lsh-params';
export type { LshParams, LshWeights } from './sketch/lsh-params';
export { RewriteIndex, indexFeatureHashes, INDEX_FEATURES } from './index/rewrite-index';
export type { RewriteIndexOptions, IndexHit, QueryOptions } from './index/rewrite-index';
export { MemoryStorage } from './index/memory-storage';
export type { IndexStorage, IndexMeta } from './index/storage';
export { findRewrites, clusterPairs } from './index/find-rewrites';
export type { RewritePair, FindRewritesOptions, FindRewritesInput, ArticleSource, StoryCluster } from './index/find-rewrites';
