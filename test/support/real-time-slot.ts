import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const SLOT = join(tmpdir(), 'siaran-test-real-time-slot');
const OWNER = join(SLOT, 'pid');

function ownerAlive(): boolean {
  try {
    process.kill(Number(readFileSync(OWNER, 'utf8')), 0);
    return true;
  } catch {
    return false;
  }
}

/**
 * Test files that encode live feeds in real time (a ladder per studio) take this slot, so that
 * no two of them share the machine's cores: test files run three at a time, and two live
 * encoders starved of CPU would fall behind real time, which is what those tests check.
 * Other files go on beside the holder. A slot left by a killed test process is taken over.
 */
export async function takeRealTimeSlot(): Promise<void> {
  for (;;) {
    try {
      mkdirSync(SLOT);
      writeFileSync(OWNER, String(process.pid));
      return;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      // The holder writes its pid right after making the slot: give it a moment before judging it dead.
      await new Promise((resolve) => setTimeout(resolve, 1000));
      if (!ownerAlive()) rmSync(SLOT, { recursive: true, force: true });
    }
  }
}

export function releaseRealTimeSlot(): void {
  try {
    if (readFileSync(OWNER, 'utf8') === String(process.pid)) rmSync(SLOT, { recursive: true, force: true });
  } catch {
    // Taken over already: nothing of ours to release.
  }
}
