export declare const LIB_FORBIDDEN_IMPORT: RegExp;
export declare const LIB_FORBIDDEN_IMPORT_MESSAGE: string;
