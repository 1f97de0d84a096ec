export { NewsroomAppModule } from './app/newsroom-app.module';
