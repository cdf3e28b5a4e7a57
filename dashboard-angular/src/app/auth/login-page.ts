import { ChangeDetectionStrategy, Component, computed, inject, input, signal } from '@angular/core';
import { FormsModule } from '@angular/forms';
import { Router } from '@angular/router';
import { HttpErrorResponse } from '@angular/common/http';
import { ApiClient, errorMessage } from '../api/api-client';
import { SessionStore } from './session-store';

@Component({
  selector: 'em-login-page',
  imports: [FormsModule],
  changeDetection: ChangeDetectionStrategy.OnPush,
  templateUrl: './login-page.html',
  styleUrl: './login-page.css',
})
export class LoginPage {
  private readonly api = inject(ApiClient);
  private readonly session = inject(SessionStore);
  private readonly router = inject(Router);

  /** Router query parameter: where to go after logging in. */
  readonly returnUrl = input<string>();

  readonly username = signal('admin');
  readonly password = signal('');
  readonly busy = signal(false);
  readonly error = signal<string | null>(null);
  readonly notice = computed(() => {
    switch (this.session.loggedOutReason()) {
      case 'expired':
        return 'Your session has expired. Please log in again.';
      case 'logged-out':
        return 'You have been logged out.';
      default:
        return null;
    }
  });

  async submit(): Promise<void> {
    if (this.busy()) return;
    if (!this.username().trim() || !this.password()) {
      this.error.set('Enter your user name and password.');
      return;
    }
    this.busy.set(true);
    this.error.set(null);
    try {
      const result = await this.api.login(this.username().trim(), this.password());
      this.session.start(result);
      const target = this.returnUrl();
      await this.router.navigateByUrl(target && target.startsWith('/') && !target.startsWith('/login') ? target : '/live');
    } catch (err) {
      if (err instanceof HttpErrorResponse && err.status === 401) this.error.set('Wrong user name or password.');
      else if (err instanceof HttpErrorResponse && err.status === 429) this.error.set('Too many failed attempts. Wait a minute, then try again.');
      else this.error.set(errorMessage(err));
    } finally {
      this.busy.set(false);
    }
  }
}
