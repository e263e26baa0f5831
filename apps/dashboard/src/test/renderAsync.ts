// Renders inside an async act(), so lazily loaded chart components resolve within it (no act warnings).
import { act, render, type RenderResult } from '@testing-library/react';
import type { ReactElement } from 'react';

export async function renderAsync(ui: ReactElement): Promise<RenderResult> {
  let result: RenderResult | undefined;
  await act(async () => {
    result = render(ui);
  });
  if (!result) {
    throw new Error('render did not run');
  }
  return result;
}
