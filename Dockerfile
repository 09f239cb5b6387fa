# vcourt on Debian 12 with Node 20: the same two commands as on a bare machine.
FROM node:20-bookworm
WORKDIR /app
COPY . .
RUN VCOURT_SETUP_NO_BROWSER=1 npm run setup
ENV VCOURT_DATA_DIR=/data VCOURT_HOST=0.0.0.0
VOLUME ["/data"]
EXPOSE 8080
CMD ["npm", "start"]
