/**
 * What the LCD's LDAP pages need of a directory (manual §5 "LDAP": "Select
 * “Search name->name”, then input the name, and press OK"; "Pay attention:
 * before you use LDAP function, you need to configure LDAP rule in the web
 * configure page"). The LDAP client (src/directory) implements it; tests pass
 * a fake. Without one, or while it is not configured, the pages say so.
 */
export interface DirectoryEntry {
  name: string;
  /** The entry's numbers in the order the directory rule lists them (LDAP Number Attributes). */
  numbers: string[];
}

export type DirectorySearchBy = 'name' | 'number';

/**
 * Why the face asks: the LCD's search pages (every server), or the page's
 * "LDAP Lookup for Incoming Call" / "for PreDial/Dial" (only the servers with
 * that switch on; none: an empty answer).
 */
export type DirectoryPurpose = 'search' | 'incoming' | 'dial';

export interface DirectorySearch {
  /** False until an LDAP server is set up (Phone Book > LDAP on the web page). */
  configured(): boolean;
  /** Entries whose name (or number) matches `text`; rejects when the server cannot be asked. */
  search(by: DirectorySearchBy, text: string, purpose?: DirectoryPurpose): Promise<DirectoryEntry[]>;
}
