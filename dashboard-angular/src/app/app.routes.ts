import type { Routes } from '@angular/router';
import { authGuard } from './auth/auth-guard';
import { LoginPage } from './auth/login-page';
import { Shell } from './shell/shell';

export const routes: Routes = [
  { path: 'login', component: LoginPage, title: 'Log in · Energy Monitor' },
  {
    path: '',
    component: Shell,
    canActivate: [authGuard],
    children: [
      { path: '', pathMatch: 'full', redirectTo: 'live' },
      { path: 'live', loadComponent: () => import('./live/live-page').then((m) => m.LivePage), title: 'Live · Energy Monitor' },
      { path: 'history', loadComponent: () => import('./history/history-page').then((m) => m.HistoryPage), title: 'History · Energy Monitor' },
      { path: 'energy', loadComponent: () => import('./energy/energy-page').then((m) => m.EnergyPage), title: 'Energy and cost · Energy Monitor' },
      { path: 'insights', loadComponent: () => import('./insights/insights-page').then((m) => m.InsightsPage), title: 'Insights · Energy Monitor' },
      { path: 'alerts', loadComponent: () => import('./alerts/alerts-page').then((m) => m.AlertsPage), title: 'Alerts · Energy Monitor' },
      { path: 'devices', loadComponent: () => import('./devices/devices-page').then((m) => m.DevicesPage), title: 'Devices · Energy Monitor' },
      { path: 'rules', loadComponent: () => import('./rules/rules-page').then((m) => m.RulesPage), title: 'Alert rules · Energy Monitor' },
      { path: 'settings', loadComponent: () => import('./settings/settings-page').then((m) => m.SettingsPage), title: 'Settings · Energy Monitor' },
    ],
  },
  { path: '**', redirectTo: '' },
];
