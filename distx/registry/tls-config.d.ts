export interface TlsSettings {
    /** CA certificates (system roots plus the directory's), undefined for the system's alone. */
    ca?: string[];
    cert?: string;
    key?: string;
}
/** Reads one certificate directory (see the module comment). */
export declare function readCertDir(dir: string): TlsSettings;
/** The TLS settings for `endpoint`: --cert-dir when given, else the system directories for it when present. */
export declare function tlsSettingsFor(endpoint: string, certDir: string | undefined): TlsSettings;
