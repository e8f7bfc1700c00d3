/** Stable codes of the live input endpoints. */
export const IngestErrorCode = {
  InputNotFound: 'INPUT_NOT_FOUND',
  InputInUse: 'INPUT_IN_USE',
  FieldNotForKind: 'FIELD_NOT_FOR_KIND',
  RelayUrlRequired: 'RELAY_URL_REQUIRED',
  RelayUrlInvalid: 'RELAY_URL_INVALID',
  RelayUrlUnresolved: 'RELAY_URL_UNRESOLVED',
  RelayUrlRefused: 'RELAY_URL_REFUSED',
  MountTaken: 'MOUNT_TAKEN',
  SrtPortsFull: 'SRT_PORTS_FULL',
  IngestOff: 'INGEST_OFF',
  NoSecret: 'INPUT_HAS_NO_SECRET',
} as const;
