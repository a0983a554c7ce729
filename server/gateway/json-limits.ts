/**
 * How deep a request body may nest objects and arrays. OpenAI's strict schemas allow 10 levels, about 25 here;
 * anything past 64 is generated or hostile, and adapters and billing walk these values recursively.
 */
export const MAX_JSON_DEPTH = 64;

/** Leading segments of the path an error names: enough to say where, not the whole 64 levels. */
const SHOWN_SEGMENTS = 8;

// The walk's frames, one per open container on the current path. Shared, so a shallow body allocates only its
// objects' key lists (the walk is synchronous, so no two walks interleave).
const containers: unknown[] = [];
const keyLists: (string[] | undefined)[] = [];
const positions: number[] = [];

function open(frame: number, container: object): void {
  containers[frame] = container;
  keyLists[frame] = Array.isArray(container) ? undefined : Object.keys(container);
  positions[frame] = 0;
}

function pathTo(lastFrame: number): string {
  const segments: string[] = [];
  for (let frame = 0; frame <= Math.min(lastFrame, SHOWN_SEGMENTS - 1); frame++) {
    const index = positions[frame]! - 1;
    segments.push(keyLists[frame]?.[index] ?? String(index));
  }
  return segments.join(".") + (lastFrame >= SHOWN_SEGMENTS ? "..." : "");
}

/**
 * The path ("tools.0.function.parameters.properties…", cut after a few segments) to the first object or array
 * nested deeper than `limit`, or null. Iterative: a body nested 20,000 deep must not overflow the stack here.
 */
export function pathBeyondDepth(root: unknown, limit = MAX_JSON_DEPTH): string | null {
  if (typeof root !== "object" || root === null) return null;
  open(0, root);
  let frame = 0;
  let deepest = 0;
  try {
    while (frame >= 0) {
      const container = containers[frame] as Record<string, unknown>;
      const keys = keyLists[frame];
      const position = positions[frame]!;
      if (position >= (keys ?? (container as unknown as unknown[])).length) {
        frame--;
        continue;
      }
      positions[frame] = position + 1;
      const child = container[keys ? keys[position]! : position];
      if (typeof child !== "object" || child === null) continue;
      // The child sits at depth frame + 2 (the root is depth 1).
      if (frame + 2 > limit) return pathTo(frame);
      open(++frame, child);
      deepest = Math.max(deepest, frame);
    }
    return null;
  } finally {
    // Let go of the body.
    containers.fill(undefined, 0, deepest + 1);
    keyLists.fill(undefined, 0, deepest + 1);
  }
}
