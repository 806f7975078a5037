import { api } from './client.ts';
import type { LoginAnswer, Role, User } from './types.ts';

export interface DemoUsers {
  password: string;
  users: { username: string; displayName: string; role: Role; grids: number[] }[];
}

export const login = (username: string, password: string) => api<LoginAnswer>('/api/auth/login', { method: 'POST', body: { username, password } });
export const refresh = () => api<LoginAnswer>('/api/auth/refresh', { method: 'POST' });
export const me = () => api<User>('/api/auth/me');
export const demoUsers = () => api<DemoUsers>('/api/auth/demo-users');
