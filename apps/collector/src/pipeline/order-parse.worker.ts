import { parentPort } from 'node:worker_threads';
import { validateLines, type LineBatchRequest } from './validate-lines';

/** Worker thread: validates line batches for {@link LineValidatorPool}, answering each request in turn (its output bytes transferred, not copied). */
parentPort?.on('message', (message: { id: number; request: LineBatchRequest }) => {
  const result = validateLines(message.request);
  parentPort?.postMessage({ id: message.id, result }, [result.lines.bytes.buffer, result.lines.ends.buffer] as ArrayBuffer[]);
});
