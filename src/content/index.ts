// Reads Gmail's Show original page; the messaging to the popup arrives with the extension issue.
export {};
