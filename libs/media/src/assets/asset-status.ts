import { type AssetStatus, type VariantStatus } from './asset.entities';

/** The asset's status from its variants': work in progress first, then failure, then ready. */
export function assetStatusOf(variants: VariantStatus[], current: AssetStatus): AssetStatus {
  if (variants.length === 0) return current;
  if (variants.includes('transcoding')) return 'transcoding';
  if (variants.includes('queued')) return 'queued';
  if (variants.includes('failed')) return 'failed';
  return 'ready';
}

/** Mean progress of the variants, a ready one counting as 100. */
export function assetProgressOf(variants: Array<{ status: VariantStatus; progress: number }>): number {
  if (variants.length === 0) return 0;
  const total = variants.reduce((sum, v) => sum + (v.status === 'ready' ? 100 : v.progress), 0);
  return Math.round((total / variants.length) * 10) / 10;
}
