import { parentPort } from 'node:worker_threads';
import { validateLines, type LineBatchRequest } from './validate-lines';

/** Output buffers of earlier results, handed back by the pool once their batches were written. */
const spare: ArrayBuffer[] = [];
const MAX_SPARE = 4;

/**
 * Worker thread: validates line batches for {@link LineValidatorPool}, answering each request in
 * turn. Buffers move, never copied: the output bytes go to the main thread, and come back with a
 * later request to be written into again; the request's bytes go back for the tailer to reuse.
 */
parentPort?.on('message', (message: { id: number; request: LineBatchRequest; returned: ArrayBuffer[] }) => {
  spare.push(...message.returned);
  // Batches are alike in size, so any spare will mostly do; one too small is dropped.
  const result = validateLines(message.request, spare.pop());
  spare.splice(0, spare.length - MAX_SPARE);
  // The request's bytes go back too, for the tailer's next batch.
  const spent = message.request.bytes.buffer;
  const transfer = [result.lines.bytes.buffer, result.lines.ends.buffer, spent];
  if ('counts' in result.lines) {
    transfer.push(result.lines.counts.buffer);
  }
  parentPort?.postMessage({ id: message.id, result, spent }, transfer as ArrayBuffer[]);
});
