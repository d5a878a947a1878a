/** An answering worker that cannot start (its set-up fails), for the pool's start-up test. */
export default (async () => {
  await new Promise((resolve) => setTimeout(resolve, 10));
  throw new Error('no engine can be built here');
})();
