/**
 * Worker thread of a pull's chunk check (arrival.ts): runs the jobs of arrival-check.ts, a
 * pull's jobs in order on one lane, each pull a session whose files' hashes carry over from one
 * job to the next. Answers each job with the files it ended and hands the input back.
 */
import { ScratchSlot } from '../../scratch.js';
import { RecordDecompressor } from '../../store/compression.js';
import { serveJobs } from '../../workers/serve.js';
import { checkArrival, type ArrivalJob, type ArrivalSession, type EndedFiles } from './arrival-check.js';

export type ArrivalMessage = ({ op: 'check' } & ArrivalJob) | { op: 'drop'; session: number };
export type ArrivalReply = EndedFiles & { input?: Uint8Array };

const sessions = new Map<number, ArrivalSession>();
const decompressor = new RecordDecompressor();
const scratch = new ScratchSlot();

serveJobs<ArrivalMessage, ArrivalReply>((message) => {
  if (message.op === 'drop') {
    sessions.delete(message.session);
    return { result: { files: [], digests: [], sizes: [] } };
  }
  const session = sessions.get(message.session) ?? new Map();
  let ended: EndedFiles;
  try {
    ended = checkArrival(session, message, decompressor, scratch);
  } catch (error) {
    sessions.delete(message.session);
    throw error;
  }
  // A session lives while a file spans jobs.
  if (session.size > 0) sessions.set(message.session, session);
  else sessions.delete(message.session);
  return { result: { ...ended, input: message.input }, transfer: [message.input.buffer as ArrayBuffer] };
});
