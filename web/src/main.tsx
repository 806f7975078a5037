// The web app's entry. Until the map views land, it shows what the server holds.
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { Status } from './Status.tsx';
import './styles.css';

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <Status />
  </StrictMode>,
);
