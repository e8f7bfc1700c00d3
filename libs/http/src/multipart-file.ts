import { type MultipartFile } from '@fastify/multipart';
import { type FastifyRequest } from 'fastify';
import { ApiError, ErrorCode } from './api-error';

/** What a multipart body may hold besides its file (see configureHttpApp). */
export const MULTIPART_LIMITS = { files: 1, fields: 20, fieldSize: 64 * 1024, parts: 30 } as const;

/** The most a multipart body can hold besides its file: its fields, and the boundary and headers of each part. */
const MULTIPART_ENVELOPE_BYTES = MULTIPART_LIMITS.fields * MULTIPART_LIMITS.fieldSize + MULTIPART_LIMITS.parts * 1024;

export interface FilePartLimits {
  /** The largest file taken: a larger one stops with `tooLarge()` as it streams. */
  limitBytes: number;
  tooLarge: () => Error;
  /** The answer to a body that is not multipart/form-data. */
  notMultipart: string;
}

/**
 * Refuses, before any of the body is read, a request that is not multipart/form-data or whose
 * Content-Length cannot fit the limit.
 */
export function assertMultipartFits(request: FastifyRequest, limits: FilePartLimits): void {
  if (!request.isMultipart()) throw new ApiError(415, ErrorCode.UnsupportedMediaType, limits.notMultipart);
  const declared = Number(request.headers['content-length']);
  if (declared > limits.limitBytes + MULTIPART_ENVELOPE_BYTES) throw limits.tooLarge();
}

/** The file part of a multipart upload, not yet read (the fields before it are), after `assertMultipartFits`. */
export async function openFilePart(request: FastifyRequest, limits: FilePartLimits): Promise<MultipartFile> {
  assertMultipartFits(request, limits);
  const file = await request.file({ limits: { fileSize: limits.limitBytes + 1, files: 1 } });
  if (!file) throw new ApiError(400, 'FILE_REQUIRED', 'The multipart body has no file part.');
  return file;
}
