import { vi } from 'vitest';

// Backstage's test helpers (mockServices.*.mock(), createMockActionContext) still call
// Jest's global; vitest's `vi` offers the same surface.
(globalThis as any).jest = vi;
