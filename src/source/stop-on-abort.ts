/**
 * The same items, but the iteration ends as soon as `signal` aborts, even while waiting for the next item:
 * an idle pipe (`journalctl -f | kubesleuth`, `kubectl logs -f | kubesleuth`) must not keep ctrl-c or
 * SIGTERM from producing the report. A stream (stdin) is destroyed so it no longer keeps the process alive.
 */
export function stopOnAbort<T>(source: AsyncIterable<T>, signal: AbortSignal | undefined): AsyncIterable<T> {
	if (signal === undefined) return source;
	return {
		[Symbol.asyncIterator]: () => {
			const iterator = source[Symbol.asyncIterator]();
			let closed = false;
			const close = (): IteratorResult<T> => {
				if (!closed) {
					closed = true;
					// A stream's iterator is an async generator: its return() waits for the pending read, which on an
					// idle pipe never comes. Destroying the stream ends that read now.
					(source as {destroy?: () => void}).destroy?.();
					iterator.return?.()?.catch(() => undefined);
				}

				return {done: true, value: undefined};
			};

			return {
				next: async (): Promise<IteratorResult<T>> => {
					if (closed || signal.aborted) return close();
					let onAbort = (): void => {};
					const aborted = new Promise<IteratorResult<T>>((resolve) => {
						onAbort = () => resolve(close());
						signal.addEventListener('abort', onAbort, {once: true});
					});
					try {
						return await Promise.race([iterator.next(), aborted]);
					} finally {
						signal.removeEventListener('abort', onAbort);
					}
				},
				return: async (): Promise<IteratorResult<T>> => close(),
			};
		},
	};
}
