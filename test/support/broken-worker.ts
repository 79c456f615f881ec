// A worker that cannot start: its module throws while loading.
throw new Error('this worker cannot start');
