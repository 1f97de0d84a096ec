export { PagesModule } from './pages.module';
export { publicOrigin, hostAllowed } from './public-origin';
