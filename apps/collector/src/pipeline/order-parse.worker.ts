import { parentPort } from 'node:worker_threads';
import { validateLines, type LineBatchRequest } from './validate-lines';

/** Worker thread: validates line batches for {@link LineValidatorPool}, answering each request in turn. */
parentPort?.on('message', (message: { id: number; request: LineBatchRequest }) => {
  parentPort?.postMessage({ id: message.id, result: validateLines(message.request) });
});
