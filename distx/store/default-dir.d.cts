/** The default store: $CAIRN_STORE, else $XDG_DATA_HOME/cairn, else ~/.local/share/cairn. */
export declare function defaultStoreDir(env?: NodeJS.ProcessEnv): string;
