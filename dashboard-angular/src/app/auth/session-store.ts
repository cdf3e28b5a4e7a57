import { Injectable, computed, signal } from '@angular/core';
import type { LoginResponse } from '../api/api-types';

const STORAGE_KEY = 'energy-monitor.session';

export interface Session {
  token: string;
  /** UTC ms. */
  expiresAt: number;
  username: string;
}

/** Why the user sees the log-in page: shown there as a clear message. */
export type LoggedOutReason = 'expired' | 'logged-out' | null;

function readStored(now: number): Session | null {
  try {
    const raw = localStorage.getItem(STORAGE_KEY);
    if (!raw) return null;
    const s = JSON.parse(raw) as Partial<Session>;
    if (typeof s.token !== 'string' || typeof s.expiresAt !== 'number' || s.expiresAt <= now) return null;
    return { token: s.token, expiresAt: s.expiresAt, username: s.username ?? 'admin' };
  } catch {
    return null;
  }
}

/** The session token (kept in localStorage so a reload stays logged in) and why it ended. */
@Injectable({ providedIn: 'root' })
export class SessionStore {
  private readonly sessionSignal = signal<Session | null>(readStored(Date.now()));
  private readonly reasonSignal = signal<LoggedOutReason>(null);
  private expiryTimer: ReturnType<typeof setTimeout> | null = null;

  readonly session = this.sessionSignal.asReadonly();
  readonly loggedOutReason = this.reasonSignal.asReadonly();
  readonly isLoggedIn = computed(() => this.sessionSignal() !== null);
  readonly token = computed(() => this.sessionSignal()?.token ?? null);
  readonly username = computed(() => this.sessionSignal()?.username ?? null);

  constructor() {
    const s = this.sessionSignal();
    if (s) this.scheduleExpiry(s.expiresAt);
  }

  start(login: LoginResponse): void {
    const session: Session = { token: login.token, expiresAt: login.expiresAt, username: login.user.username };
    localStorage.setItem(STORAGE_KEY, JSON.stringify(session));
    this.reasonSignal.set(null);
    this.sessionSignal.set(session);
    this.scheduleExpiry(session.expiresAt);
  }

  /** The server refused the token (401) or its expiry passed. */
  expire(): void {
    if (!this.sessionSignal()) return;
    this.end('expired');
  }

  end(reason: Exclude<LoggedOutReason, null> = 'logged-out'): void {
    localStorage.removeItem(STORAGE_KEY);
    if (this.expiryTimer) clearTimeout(this.expiryTimer);
    this.expiryTimer = null;
    this.reasonSignal.set(reason);
    this.sessionSignal.set(null);
  }

  private scheduleExpiry(expiresAt: number): void {
    if (this.expiryTimer) clearTimeout(this.expiryTimer);
    // setTimeout overflows past ~24.8 days; sessions are hours long, but clamp anyway.
    const delayMs = Math.min(Math.max(expiresAt - Date.now(), 0), 2 ** 31 - 1);
    this.expiryTimer = setTimeout(() => this.expire(), delayMs);
  }
}
